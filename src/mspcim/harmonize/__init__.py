"""IEC TS 61968-14 itself: declarative mapping tables and the engine that runs them both ways."""
