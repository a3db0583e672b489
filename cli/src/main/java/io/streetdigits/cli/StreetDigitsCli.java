package io.streetdigits.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The Java side of the {@code ./streetdigits} launcher: the commands that talk to a running stack or work on
 * files. The launcher itself starts and stops processes.
 */
public final class StreetDigitsCli {

    private static final Map<String, Command> COMMANDS = Map.of(
            "recognize", new RecognizeCommand(),
            "score", new ScoreCommand(),
            "generate", new GenerateCommand());

    private StreetDigitsCli() {
    }

    /** One subcommand; returns the process exit code. */
    interface Command {
        int run(Options options) throws Exception;

        String usage();
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        if (args.length == 0 || !COMMANDS.containsKey(args[0])) {
            System.err.println("usage: streetdigits-cli <command> [options]; commands:");
            COMMANDS.values().forEach(c -> System.err.println("  " + c.usage()));
            return 2;
        }
        Command command = COMMANDS.get(args[0]);
        try {
            return command.run(Options.parse(List.of(Arrays.copyOfRange(args, 1, args.length))));
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("usage: " + command.usage());
            return 2;
        } catch (Exception e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
    }
}
