import FieldCaseCentral
import FieldCaseCommandLine

await CommandLineRunner.main(CentralCommand.run)
