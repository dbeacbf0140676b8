"""One module per IEC TS 61968-14 profile mapping."""
