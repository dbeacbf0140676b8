"""MultiSpeak 4.1.x objects and operations, named as in the 4.1.6 release schemas."""
