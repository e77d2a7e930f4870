/// Desk commands and the shell speak the runner's exit codes, streams and JSON output everywhere.
@_exported import FieldCaseCommandLine
