import FieldCaseBench

await BenchCommand.start()
