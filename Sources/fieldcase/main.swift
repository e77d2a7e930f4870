import FieldCaseCLI

await CommandRunner.main()
