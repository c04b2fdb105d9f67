package io.meterbridge.cli;

import java.util.Set;

/** The commands {@code java -jar meterbridge.jar COMMAND ...} runs instead of the gateway. */
public final class Cli {

    private static final Set<String> COMMANDS = Set.of("decode", "help", "--help");

    private Cli() {
    }

    public static boolean isCommand(String arg) {
        return COMMANDS.contains(arg);
    }

    public static int run(String[] args) throws Exception {
        if (args[0].equals("decode")) {
            return DecodeCommand.run(args, System.out, System.err);
        }
        System.out.println("usage: java -jar meterbridge.jar              run the gateway (routes/, application.properties)");
        System.out.println("       java -jar meterbridge.jar " + DecodeCommand.USAGE);
        return 0;
    }
}
