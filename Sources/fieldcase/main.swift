import FieldCaseCLI
import FieldCaseShell

await CommandRunner.main(root: FieldCaseApp.self)
