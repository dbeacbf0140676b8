"""MultiSpeak 5.0.x objects, headers and operations, named as in the 5.0.7 and 5.0.4 schemas."""
