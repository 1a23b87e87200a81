package jasyncio.instrument;

import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;
import org.objectweb.asm.tree.analysis.Value;

import java.util.ArrayList;
import java.util.List;

/**
 * One data-flow pass over a method: the frame (locals and stack) before each instruction, and the control
 * flow graph, with normal and exception edges kept apart (liveness treats them differently).
 */
final class FlowAnalysis<V extends Value> {
    final Frame<V>[] frames;
    final List<List<Integer>> successors;
    final List<List<Integer>> exceptionSuccessors;

    private FlowAnalysis(Frame<V>[] frames, List<List<Integer>> successors, List<List<Integer>> exceptionSuccessors) {
        this.frames = frames;
        this.successors = successors;
        this.exceptionSuccessors = exceptionSuccessors;
    }

    static <V extends Value> FlowAnalysis<V> run(String owner, MethodNode method, Interpreter<V> interpreter)
            throws AnalyzerException {
        int size = method.instructions.size();
        List<List<Integer>> normal = emptyLists(size);
        List<List<Integer>> exceptional = emptyLists(size);
        Analyzer<V> analyzer = new Analyzer<>(interpreter) {
            @Override
            protected void newControlFlowEdge(int insn, int successor) {
                normal.get(insn).add(successor);
            }

            @Override
            protected boolean newControlFlowExceptionEdge(int insn, TryCatchBlockNode tryCatch) {
                exceptional.get(insn).add(method.instructions.indexOf(tryCatch.handler));
                return true;
            }
        };
        Frame<V>[] frames = analyzer.analyze(owner, method);
        return new FlowAnalysis<>(frames, normal, exceptional);
    }

    private static List<List<Integer>> emptyLists(int size) {
        List<List<Integer>> lists = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            lists.add(new ArrayList<>(2));
        }
        return lists;
    }
}
