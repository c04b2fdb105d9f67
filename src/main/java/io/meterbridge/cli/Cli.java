package io.meterbridge.cli;

import java.util.Set;

/** The commands {@code java -jar meterbridge.jar COMMAND ...} runs instead of the gateway. */
public final class Cli {

    private static final Set<String> COMMANDS = Set.of("decode", "pge-keys", "ports", "sniff", "config", "conformance", "help", "--help");

    private Cli() {
    }

    public static boolean isCommand(String arg) {
        return COMMANDS.contains(arg);
    }

    /** An argument that is neither a command nor an option for Camel Main (those start with '-'): a mistyped command. */
    public static boolean isMistyped(String arg) {
        return !arg.startsWith("-") && !isCommand(arg);
    }

    /** Runs the command; a failure is one line on stderr and exit code 1, never a stack trace. */
    public static int run(String[] args) {
        if (isMistyped(args[0])) {
            System.err.println("meterbridge: unknown command '" + args[0] + "'");
            usage(System.err);
            return 2;
        }
        try {
            return command(args);
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            System.err.println("meterbridge " + args[0] + ": " + message.lines().findFirst().orElse(message));
            return 1;
        }
    }

    private static int command(String[] args) throws Exception {
        if (args[0].equals("decode")) {
            return DecodeCommand.run(args, System.out, System.err);
        }
        if (args[0].equals("pge-keys")) {
            return PgeKeysCommand.run(args, System.out, System.err);
        }
        if (args[0].equals("ports")) {
            return PortsCommand.run(System.out);
        }
        if (args[0].equals("sniff")) {
            return SniffCommand.run(args, System.out, System.err);
        }
        if (args[0].equals("conformance")) {
            return ConformanceCommand.run(args, System.out, System.err);
        }
        if (args[0].equals("config")) {
            return ConfigCommand.run(args, System.out, System.err);
        }
        usage(System.out);
        return 0;
    }

    private static void usage(java.io.PrintStream out) {
        out.println("usage: java -jar meterbridge.jar              run the gateway (routes/, application.properties)");
        out.println("       java -jar meterbridge.jar " + DecodeCommand.USAGE);
        out.println("       java -jar meterbridge.jar " + PgeKeysCommand.USAGE);
        out.println("       java -jar meterbridge.jar " + PortsCommand.USAGE);
        out.println("       java -jar meterbridge.jar " + SniffCommand.USAGE);
        out.println("       java -jar meterbridge.jar " + ConfigCommand.USAGE);
        out.println("       java -jar meterbridge.jar " + ConformanceCommand.USAGE);
    }
}
