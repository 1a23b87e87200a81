package jasyncio.tests.fuzz;

import jasyncio.tests.support.CompiledClasses;

import java.io.IOException;
import java.util.List;

/** The fuzzer's programs, compiled and loaded by {@link CompiledClasses}. */
final class GeneratedClasses implements AutoCloseable {
    private final CompiledClasses classes;

    private GeneratedClasses(CompiledClasses classes) {
        this.classes = classes;
    }

    /** Compiles {@code programs} together. */
    static GeneratedClasses compile(List<ProgramGenerator.Program> programs) throws IOException {
        return new GeneratedClasses(CompiledClasses.compile(programs.stream()
                .map(p -> new CompiledClasses.Source(p.className(), p.source()))
                .toList()));
    }

    FuzzProgram instantiate(ProgramGenerator.Program program) throws ReflectiveOperationException {
        return (FuzzProgram) classes.load(program.className()).getConstructor().newInstance();
    }

    @Override
    public void close() throws IOException {
        classes.close();
    }
}
