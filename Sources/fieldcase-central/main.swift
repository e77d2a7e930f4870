import FieldCaseCentral
import Foundation

exit(await CentralCommand.run(Array(CommandLine.arguments.dropFirst())))
