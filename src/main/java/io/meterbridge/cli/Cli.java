package io.meterbridge.cli;

import java.util.Set;

/** The commands {@code java -jar meterbridge.jar COMMAND ...} runs instead of the gateway. */
public final class Cli {

    private static final Set<String> COMMANDS = Set.of("decode", "pge-keys", "ports", "sniff", "config", "help", "--help");

    private Cli() {
    }

    public static boolean isCommand(String arg) {
        return COMMANDS.contains(arg);
    }

    public static int run(String[] args) throws Exception {
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
        if (args[0].equals("config")) {
            return ConfigCommand.run(args, System.out, System.err);
        }
        System.out.println("usage: java -jar meterbridge.jar              run the gateway (routes/, application.properties)");
        System.out.println("       java -jar meterbridge.jar " + DecodeCommand.USAGE);
        System.out.println("       java -jar meterbridge.jar " + PgeKeysCommand.USAGE);
        System.out.println("       java -jar meterbridge.jar " + PortsCommand.USAGE);
        System.out.println("       java -jar meterbridge.jar " + SniffCommand.USAGE);
        System.out.println("       java -jar meterbridge.jar " + ConfigCommand.USAGE);
        return 0;
    }
}
