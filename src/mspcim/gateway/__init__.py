"""The gateway (the ESB of IEC TS 61968-14 Annex B): endpoints, flows, store, delivery."""
