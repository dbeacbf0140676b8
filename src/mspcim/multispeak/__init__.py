"""The MultiSpeak side: SOAP headers, errorObjects, operation catalogue, v4.1 objects."""
