package io.sipcontainer.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.ModuleParams;
import io.sipcontainer.config.ServerConfig;
import io.sipcontainer.server.ServerContext;

/**
 * Who may administer the server over HTTP: the JSON-RPC endpoint, the console and the command line
 * tool all ask this one object. Two kinds of proof are accepted: the RPC token as
 * {@code Authorization: Bearer <token>} ({@code http.rpc_token}, or else a random token generated at
 * the first start into {@code <server home>/data/rpc.token}, readable by its owner only, which is
 * where {@code sipctl} finds it), the read-only token {@code http.rpc_read_token} (optional; its
 * bearer may run only the commands registered read-only, see {@link Role}), and HTTP Basic with {@code http.admin_user} and
 * {@code http.admin_password} (refused while no password is set). Comparisons take the same time
 * whatever the guess, so answers leak nothing about the secret.
 *
 * <p>Components get the shared instance with {@link #of(ServerContext)}, which reads the settings on
 * first use and publishes the instance as a service.
 */
public final class AdminCredentials {
    private static final Logger LOG = LoggerFactory.getLogger(AdminCredentials.class);
    /** A configured token shorter than this is a mistake: it could be guessed. */
    static final int MIN_TOKEN_LENGTH = 16;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final String user;
    private final String password;
    private final String token;
    private final String readToken;
    private final Path tokenFile;
    private final LoginThrottle throttle;

    /** What a JSON-RPC caller may do, by the token it showed. */
    public enum Role {
        /** The full token: every command. */
        ADMIN("rpc-token"),
        /** The read-only token: commands registered read-only (statistics, listings, dumps). */
        READ_ONLY("rpc-read-token");

        private final String auditName;

        Role(String auditName) {
            this.auditName = auditName;
        }

        /** How the audit log names the caller. */
        public String auditName() {
            return auditName;
        }
    }

    AdminCredentials(String user, String password, String token, Path tokenFile, LoginThrottle throttle) {
        this(user, password, token, "", tokenFile, throttle);
    }

    AdminCredentials(String user, String password, String token, String readToken, Path tokenFile,
            LoginThrottle throttle) {
        this.user = user;
        this.password = password;
        this.token = token;
        this.readToken = readToken;
        this.tokenFile = tokenFile;
        this.throttle = throttle;
    }

    /** The server's instance: found among its services, or read from its settings and published. */
    public static AdminCredentials of(ServerContext context) throws ConfigException, IOException {
        synchronized (context.services()) {
            AdminCredentials existing = context.services().find(AdminCredentials.class);
            if (existing != null) {
                return existing;
            }
            AdminCredentials created = read(context.config());
            context.services().register(AdminCredentials.class, created);
            return created;
        }
    }

    /** Reads {@code http.admin_user}, {@code http.admin_password} and {@code http.rpc_token}. */
    static AdminCredentials read(ServerConfig config) throws ConfigException, IOException {
        ModuleParams params = config.moduleParams("http");
        String user = params.string("admin_user", "admin").strip();
        if (user.isEmpty() || user.contains(":")) {
            throw params.invalid("admin_user", "must be a non-empty name without ':'");
        }
        String password = params.string("admin_password", "");
        LoginThrottle throttle = new LoginThrottle(params.integer("login_max_failures", 5, 0, 1000),
                Duration.ofSeconds(params.integer("login_lockout", 300, 1, 86_400)));
        String readToken = params.string("rpc_read_token", "").strip();
        if (!readToken.isEmpty() && readToken.length() < MIN_TOKEN_LENGTH) {
            throw params.invalid("rpc_read_token", "must be at least " + MIN_TOKEN_LENGTH + " characters long");
        }
        String configured = params.string("rpc_token", "").strip();
        Path file = null;
        if (!configured.isEmpty()) {
            if (configured.length() < MIN_TOKEN_LENGTH) {
                throw params.invalid("rpc_token", "must be at least " + MIN_TOKEN_LENGTH + " characters long");
            }
        } else {
            file = defaultTokenFile(config);
            configured = loadOrCreateToken(file);
        }
        if (readToken.equals(configured)) {
            throw params.invalid("rpc_read_token", "must differ from the full RPC token");
        }
        return new AdminCredentials(user, password, configured, readToken, file, throttle);
    }

    /** {@code <server home>/data/rpc.token}. */
    public static Path defaultTokenFile(ServerConfig config) {
        return config.baseDir().resolve("data").resolve("rpc.token");
    }

    /**
     * The token in the file, or a new random one written there first (atomically, mode 600) so a
     * reader never sees half a token.
     */
    static String loadOrCreateToken(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            String existing = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (existing.length() >= MIN_TOKEN_LENGTH) {
                restrictToOwner(file);
                return existing;
            }
            LOG.warn("{} holds no usable token; writing a new one", file);
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.createDirectories(file.getParent());
        Path temp = createOwnerOnly(file.getParent());
        try {
            Files.writeString(temp, token + "\n", StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        LOG.info("Generated the RPC token in {}", file);
        return token;
    }

    private static Path createOwnerOnly(Path dir) throws IOException {
        try {
            return Files.createTempFile(dir, ".rpc.token.", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException notPosix) {
            return Files.createTempFile(dir, ".rpc.token.", ".tmp");
        } catch (FileAlreadyExistsException unlikely) {
            throw new IOException("cannot create a temporary file in " + dir, unlikely);
        }
    }

    private static void restrictToOwner(Path file) {
        try {
            if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
                LOG.warn("{} was readable by others; its mode is now 600", file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            LOG.debug("Cannot check the mode of {}: {}", file, e.toString());
        }
    }

    /** Per-source lockout and logging of failed console logins and RPC authentications. */
    public LoginThrottle throttle() {
        return throttle;
    }

    /** The administrator's name for HTTP Basic. */
    public String user() {
        return user;
    }

    /** True when {@code http.admin_password} is set, i.e. Basic authentication can succeed. */
    public boolean basicEnabled() {
        return !password.isEmpty();
    }

    /** The RPC token (from the settings or the token file). */
    public String rpcToken() {
        return token;
    }

    /** Where the generated token is kept, or null when {@code http.rpc_token} sets it. */
    public Path tokenFile() {
        return tokenFile;
    }

    public boolean checkToken(String candidate) {
        return candidate != null && constantTimeEquals(candidate, token);
    }

    public boolean checkBasic(String candidateUser, String candidatePassword) {
        if (!basicEnabled() || candidateUser == null || candidatePassword == null) {
            return false;
        }
        // both compared, so the time taken does not say which one was wrong
        boolean userOk = constantTimeEquals(candidateUser, user);
        boolean passwordOk = constantTimeEquals(candidatePassword, password);
        return userOk & passwordOk;
    }

    /**
     * True when an {@code Authorization} header value proves an administrator: {@code Bearer} with
     * the token, or {@code Basic} with the administrator's name and password.
     */
    public boolean authorizes(String authorization) {
        if (authorization == null) {
            return false;
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0) {
            return false;
        }
        String scheme = value.substring(0, space);
        String credentials = value.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return checkToken(credentials);
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                return false;
            }
            int colon = decoded.indexOf(':');
            return colon >= 0 && checkBasic(decoded.substring(0, colon), decoded.substring(colon + 1));
        }
        return false;
    }

    /**
     * True only for {@code Authorization: Bearer <token>}. The JSON-RPC endpoint uses this: a
     * browser sends cached Basic credentials (and cookies) with any cross-site request on its own,
     * so they cannot show that the caller meant to make the call; a token header it never adds.
     */
    public boolean authorizesBearer(String authorization) {
        return bearerRole(authorization) == Role.ADMIN;
    }

    /**
     * The role an {@code Authorization: Bearer <token>} header proves: {@link Role#ADMIN} for the
     * token, {@link Role#READ_ONLY} for {@code http.rpc_read_token}, null for anything else (Basic
     * included, see {@link #authorizesBearer}). Both tokens are compared every time, in constant time.
     */
    public Role bearerRole(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space <= 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
            return null;
        }
        String candidate = value.substring(space + 1).strip();
        boolean admin = constantTimeEquals(candidate, token);
        boolean reader = !readToken.isEmpty() & constantTimeEquals(candidate, readToken);
        return admin ? Role.ADMIN : reader ? Role.READ_ONLY : null;
    }

    /** True when {@code http.rpc_read_token} is set. */
    public boolean readTokenEnabled() {
        return !readToken.isEmpty();
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "AdminCredentials[user=" + user + ", basic=" + basicEnabled()
                + ", token from " + (tokenFile == null ? "http.rpc_token" : tokenFile) + "]";
    }
}
