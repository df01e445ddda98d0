"""Command lines of head office: the server (`headoffice`) and the staff tool (`hoctl`)."""
