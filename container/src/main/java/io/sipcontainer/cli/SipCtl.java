package io.sipcontainer.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.UnmatchedArgumentException;

import io.sipcontainer.http.JsonBodies;

/**
 * {@code sipctl}, the command line tool of the server, in the manner of kamctl and kamcmd: it
 * calls the running server's JSON-RPC endpoint and prints the result as indented JSON. The
 * endpoint is {@code http://<http_listen>/RPC} from {@code conf/sipcontainer.cfg} under the server
 * home, and the bearer token is {@code http.rpc_token} there, else the content of {@code data/rpc.token};
 * {@code --read-only} takes {@code http.rpc_read_token} instead (the monitoring role: read-only
 * commands only), {@code --token-file} reads the token from a file of the operator's (so it
 * appears neither on the command line nor in the configuration a monitoring user can read), and
 * {@code --url}, {@code --token} and {@code --home} override the rest. Exit status: 0 done, 1 the server answered
 * with a fault, 2 wrong usage, 3 the server could not be reached. The options are read with picocli; the
 * commands and their words are this class's own (kamctl's and kamcmd's), with the usage text below.
 */
public final class SipCtl {
    static final int OK = 0;
    static final int FAULT = 1;
    static final int USAGE = 2;
    static final int UNREACHABLE = 3;

    private static final String USAGE_TEXT = """
            usage: sipctl [--home DIR] [--url URL] [--token TOKEN | --token-file FILE] [--read-only] COMMAND [ARGS]

            subscribers (the subscriber table of auth_db):
              add USER@DOMAIN [PASSWORD]     add a subscriber (the password is asked if left out)
              passwd USER@DOMAIN [PASSWORD]  change a subscriber's password
              rm USER@DOMAIN                 remove a subscriber
              show [USER@DOMAIN | DOMAIN]    show one subscriber, or list them (of one domain)
            registrations (usrloc, table "location"):
              ul show [AOR]                  dump every registration, or those of one AOR
              ul rm AOR                      remove the registrations of an AOR
            any command (as kamcmd):
              rpc METHOD [PARAMS...]         e.g. rpc stats.get_statistics all, rpc system.listMethods;
                                             parameters that look like numbers are sent as numbers,
                                             s:VALUE sends VALUE as a string
            options:
              --home DIR     server home (default: $SIPCONTAINER_HOME, else the current directory)
              --url URL      JSON-RPC endpoint (default: http://<http_listen>/RPC from conf/sipcontainer.cfg)
              --token TOKEN  bearer token (default: http.rpc_token from conf/sipcontainer.cfg, else
                             the content of data/rpc.token)
              --token-file FILE
                             read the bearer token from the first line of FILE (keep it mode 600)
              --read-only    use the read-only token, http.rpc_read_token from conf/sipcontainer.cfg:
                             statistics, listings and dumps only (other commands get 403)
            """;

    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d+");

    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;

    SipCtl(PrintStream out, PrintStream err, InputStream in) {
        this.out = out;
        this.err = err;
        this.in = in;
    }

    public static void main(String[] args) {
        System.exit(new SipCtl(System.out, System.err, System.in).run(args));
    }

    /** The options before the command, as picocli reads them; the command and its words follow. */
    @Command(name = "sipctl")
    static final class Options {
        @Option(names = "--home", paramLabel = "DIR")
        String home;
        @Option(names = "--url", paramLabel = "URL")
        String url;
        @Option(names = "--token", paramLabel = "TOKEN")
        String token;
        @Option(names = {"--token-file", "--credentials-file"}, paramLabel = "FILE")
        String tokenFile;
        @Option(names = "--read-only")
        boolean readOnly;
        @Option(names = "--help", usageHelp = true)
        boolean help;
        /** The command and its arguments, taken as they are (an RPC parameter may look like an option). */
        @Parameters(paramLabel = "COMMAND", arity = "0..*")
        List<String> command = new ArrayList<>();
    }

    /** Options only before the command, the last of a repeated one winning, {@code @file} words kept as written. */
    static CommandLine parser(Options options) {
        return new CommandLine(options)
                .setStopAtPositional(true)
                .setOverwrittenOptionsAllowed(true)
                .setExpandAtFiles(false);
    }

    /** Runs one command; returns the exit status. */
    int run(String[] args) {
        Options options = new Options();
        CommandLine parser = parser(options);
        try {
            parser.parseArgs(args);
        } catch (MissingParameterException e) {
            return usage("option " + optionName(e) + " needs a value");
        } catch (UnmatchedArgumentException e) {
            return usage(e.getUnmatched().isEmpty() ? e.getMessage() : "unknown option " + e.getUnmatched().get(0));
        } catch (ParameterException e) {
            return usage(e.getMessage());
        }
        if (parser.isUsageHelpRequested()) {
            out.print(USAGE_TEXT);
            return OK;
        }
        List<String> rest = options.command;
        String home = options.home != null ? options.home : System.getenv("SIPCONTAINER_HOME");
        String url = options.url;
        String token = options.token;
        if (rest.isEmpty()) {
            return usage("no command given");
        }
        if (rest.get(0).equals("help")) {
            out.print(USAGE_TEXT);
            return OK;
        }
        Path homeDir = Path.of(home == null || home.isEmpty() ? "." : home);
        Call call;
        try {
            call = command(rest);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        if (call == null) {
            return FAULT; // a password prompt was abandoned
        }
        URI endpoint;
        try {
            endpoint = URI.create(url != null ? url : defaultUrl(homeDir));
        } catch (IllegalArgumentException | IOException e) {
            return usage("bad endpoint: " + e.getMessage());
        }
        String tokenSource;
        try {
            if (token != null) {
                tokenSource = "--token; by default it is http.rpc_token, else " + homeDir.resolve("data/rpc.token");
            } else if (options.tokenFile != null) {
                tokenSource = options.tokenFile;
                token = readTokenFile(Path.of(options.tokenFile));
            } else if (options.readOnly) {
                tokenSource = "http.rpc_read_token in " + homeDir.resolve(CONFIG);
                token = setting(homeDir, "http.rpc_read_token");
                if (token == null) {
                    return usage("--read-only: no http.rpc_read_token in " + homeDir.resolve(CONFIG)
                            + " (give the token with --token-file)");
                }
            } else {
                token = setting(homeDir, "http.rpc_token");
                tokenSource = token != null ? "http.rpc_token in " + homeDir.resolve(CONFIG)
                        : homeDir.resolve("data/rpc.token").toString();
                if (token == null) {
                    token = readToken(homeDir);
                }
            }
        } catch (IOException e) {
            return usage("cannot read the token: " + e.getMessage());
        }
        RpcClient client = new RpcClient(endpoint, token, Duration.ofSeconds(30));
        try {
            Object result = client.call(call.method, call.params);
            if (result != null) {
                out.println(JsonBodies.pretty(result));
            }
            return OK;
        } catch (RpcClient.Fault f) {
            err.println("error: " + f.code() + " " + f.getMessage());
            if (f.code() == 403 && options.readOnly) {
                err.println("(the read-only token may run read-only commands only)");
            } else if (f.code() == 401 || f.code() == 403) {
                err.println("(the token came from " + tokenSource + "; give another with --token or --token-file)");
            }
            return FAULT;
        } catch (ConnectException | HttpConnectTimeoutException e) {
            err.println("error: cannot connect to " + endpoint + " (is the server running? see http_listen)");
            return UNREACHABLE;
        } catch (IOException e) {
            err.println("error: " + endpoint + ": " + e);
            return UNREACHABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNREACHABLE;
        }
    }

    private record Call(String method, List<Object> params) {
    }

    /** The RPC call a command stands for. */
    private Call command(List<String> words) {
        String cmd = words.get(0);
        List<String> args = words.subList(1, words.size());
        switch (cmd) {
            case "add", "passwd": {
                arity(cmd, args, 1, 2);
                String password = args.size() == 2 ? args.get(1) : askPassword(args.get(0));
                return password == null ? null
                        : new Call(cmd.equals("add") ? "subscriber.add" : "subscriber.passwd",
                                List.of(args.get(0), password));
            }
            case "rm":
                arity(cmd, args, 1, 1);
                return new Call("subscriber.rm", List.of(args.get(0)));
            case "show":
                arity(cmd, args, 0, 1);
                if (args.isEmpty()) {
                    return new Call("subscriber.list", List.of());
                }
                return args.get(0).contains("@") ? new Call("subscriber.show", List.of(args.get(0)))
                        : new Call("subscriber.list", List.of(args.get(0)));
            case "ul": {
                if (args.isEmpty()) {
                    throw new IllegalArgumentException("ul needs show or rm");
                }
                List<String> sub = args.subList(1, args.size());
                if (args.get(0).equals("show")) {
                    arity("ul show", sub, 0, 1);
                    return sub.isEmpty() ? new Call("ul.dump", List.of())
                            : new Call("ul.lookup", List.of("location", sub.get(0)));
                }
                if (args.get(0).equals("rm")) {
                    arity("ul rm", sub, 1, 1);
                    return new Call("ul.rm", List.of("location", sub.get(0)));
                }
                throw new IllegalArgumentException("unknown ul command " + args.get(0));
            }
            case "rpc": {
                if (args.isEmpty()) {
                    throw new IllegalArgumentException("rpc needs a method name");
                }
                List<Object> params = new ArrayList<>();
                for (String p : args.subList(1, args.size())) {
                    params.add(typed(p));
                }
                return new Call(args.get(0), params);
            }
            default:
                throw new IllegalArgumentException("unknown command " + cmd);
        }
    }

    /** kamcmd's typing: numbers as numbers, s:VALUE as the string VALUE, anything else a string. */
    static Object typed(String p) {
        if (p.startsWith("s:")) {
            return p.substring(2);
        }
        if (INTEGER.matcher(p).matches()) {
            return Long.parseLong(p);
        }
        if (DECIMAL.matcher(p).matches()) {
            return new BigDecimal(p);
        }
        return p;
    }

    private static void arity(String cmd, List<String> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            throw new IllegalArgumentException(cmd + ": expected " + (min == max ? min : min + " to " + max)
                    + " argument(s), got " + args.size());
        }
    }

    /** The password from the terminal (not echoed), or the first line of standard input. */
    private String askPassword(String account) {
        Console console = System.console();
        if (console != null && in == System.in) {
            char[] first = console.readPassword("password for %s: ", account);
            char[] again = first == null ? null : console.readPassword("again: ");
            if (first == null || again == null || !new String(first).equals(new String(again))) {
                err.println("error: the passwords differ");
                return null;
            }
            return new String(first);
        }
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                err.println("error: no password given");
                return null;
            }
            return line;
        } catch (IOException e) {
            err.println("error: cannot read the password: " + e.getMessage());
            return null;
        }
    }

    /** http://<http_listen>/RPC, http_listen read from conf/sipcontainer.cfg (default 127.0.0.1:8080). */
    static String defaultUrl(Path home) throws IOException {
        String configured = setting(home, "http_listen");
        String listen = configured != null ? configured : "127.0.0.1:8080";
        String host;
        String port = "8080";
        if (listen.startsWith("[")) {
            int close = listen.indexOf(']');
            host = listen.substring(0, close + 1);
            if (close + 1 < listen.length() && listen.charAt(close + 1) == ':') {
                port = listen.substring(close + 2);
            }
        } else {
            int colon = listen.lastIndexOf(':');
            host = colon < 0 ? listen : listen.substring(0, colon);
            port = colon < 0 ? port : listen.substring(colon + 1);
        }
        // a server listening on every interface is reached on loopback
        if (host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        } else if (host.equals("[::]")) {
            host = "[::1]";
        }
        return "http://" + host + ":" + port + "/RPC";
    }

    private static final String CONFIG = "conf/sipcontainer.cfg";

    /**
     * The value of {@code key} in the server's configuration file, unquoted; null when it is not set
     * (or set empty). The last line setting it wins, as in the server's parser.
     */
    static String setting(Path home, String key) throws IOException {
        Path cfg = home.resolve(CONFIG);
        if (!Files.isReadable(cfg)) {
            return null;
        }
        Pattern line = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*=\\s*(.*?)\\s*$");
        String value = null;
        for (String text : Files.readAllLines(cfg, StandardCharsets.UTF_8)) {
            Matcher m = line.matcher(stripComment(text));
            if (m.matches()) {
                value = m.group(1);
            }
        }
        if (value != null && value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return value == null || value.isEmpty() ? null : value;
    }

    /** The first line of a token file, stripped; an empty or unreadable file is an error. */
    private static String readTokenFile(Path file) throws IOException {
        String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
        if (first.isEmpty()) {
            throw new IOException(file + " is empty");
        }
        return first;
    }

    private static String stripComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '#' && !quoted) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static String readToken(Path home) {
        Path file = home.resolve("data/rpc.token");
        try {
            return Files.isReadable(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String optionName(MissingParameterException e) {
        return e.getMissing().stream().filter(CommandLine.Model.ArgSpec::isOption)
                .map(a -> ((CommandLine.Model.OptionSpec) a).longestName()).findFirst().orElse("");
    }

    private int usage(String problem) {
        err.println("sipctl: " + problem);
        err.print(USAGE_TEXT);
        return USAGE;
    }
}
