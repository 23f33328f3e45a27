package org.tensorshell.kernel;

import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.tensorshell.kernel.wire.Connection;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point: {@code java ... org.tensorshell.kernel.Main <connection-file>}, as the kernelspec
 * written by install/install.sh runs it; {@code --train} runs a start-up workload (no frontend)
 * so the installer can record the JDK's class-data / AOT cache.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--train")) {
            Training.run();
            return;
        }
        if (args.length != 1) {
            System.err.println("usage: java org.tensorshell.kernel.Main <connection-file> | --train");
            System.exit(2);
        }
        String json = Files.readString(Path.of(args[0]));
        KernelConnectionProperties props = KernelConnectionProperties.parse(json);
        Kernel kernel = new Kernel(new Connection(props));
        kernel.start();
    }
}
