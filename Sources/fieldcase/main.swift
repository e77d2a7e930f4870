import FieldCaseCLI

await FieldCaseCommand.main()
