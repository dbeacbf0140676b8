"""Conversations through the gateway, one module each."""
