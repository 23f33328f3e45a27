package org.tensorshell.kernel.eval;

/**
 * Every evaluator test again with each final expression compiled by JShell (the kernel's path
 * where jdk.compiler's internals are not exported): both paths must behave the same.
 */
class EvaluatorJShellPathTest extends EvaluatorTest {
    @Override
    Evaluator newEvaluator() {
        return new Evaluator(false);
    }

    @Override
    boolean expectsDirect() {
        return false;
    }
}
