package org.tensorshell.kernel.eval;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.tensorshell.kernel.Log;

import java.nio.charset.StandardCharsets;

/** Redirects exit calls in cell classes to {@link Guards}; the stack effect of each call is unchanged. */
final class ExitRewriter {
    private static final String GUARDS = Guards.class.getName().replace('.', '/');

    private ExitRewriter() {
    }

    static byte[] rewrite(byte[] classFile) {
        if (!mentionsExit(classFile)) {
            return classFile;
        }
        try {
            ClassReader reader = new ClassReader(classFile);
            ClassWriter writer = new ClassWriter(reader, 0);
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                    return new Redirect(super.visitMethod(access, name, desc, sig, ex));
                }
            }, 0);
            return writer.toByteArray();
        } catch (RuntimeException e) { // e.g. a class file version newer than this ASM knows
            Log.warn("cannot guard System.exit in a cell class", e);
            return classFile;
        }
    }

    private static boolean mentionsExit(byte[] b) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        return s.contains("exit") || s.contains("halt");
    }

    private static final class Redirect extends MethodVisitor {
        Redirect(MethodVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public void visitMethodInsn(int op, String owner, String name, String desc, boolean itf) {
            if (op == Opcodes.INVOKESTATIC && owner.equals("java/lang/System")
                    && name.equals("exit") && desc.equals("(I)V")) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARDS, "exit", "(I)V", false);
            } else if (op == Opcodes.INVOKEVIRTUAL && owner.equals("java/lang/Runtime")
                    && (name.equals("exit") || name.equals("halt")) && desc.equals("(I)V")) {
                String guard = name.equals("exit") ? "runtimeExit" : "runtimeHalt";
                super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARDS, guard, "(Ljava/lang/Runtime;I)V", false);
            } else {
                super.visitMethodInsn(op, owner, name, desc, itf);
            }
        }
    }
}
