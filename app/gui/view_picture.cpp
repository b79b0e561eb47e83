// placeholder: filled in by the issue 10 work
