/// The desk's code speaks the shared domain's types everywhere; importing the store brings them along.
@_exported import FieldCaseDomain
