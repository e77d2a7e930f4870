import ArgumentParser
public struct FieldCaseCommand: AsyncParsableCommand { public init() {} }
