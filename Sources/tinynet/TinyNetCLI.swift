import ArgumentParser
@main struct TinyNetCLI: ParsableCommand { func run() {} }
