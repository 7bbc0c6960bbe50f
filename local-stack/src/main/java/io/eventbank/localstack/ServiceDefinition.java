package io.eventbank.localstack;

import io.eventbank.infra.InfraEndpoints;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The services the stack launches and the contract between launcher and service: jar location,
 * default port, database and the environment variables each service reads. This is the one place
 * to change when a service renames a property.
 *
 * @param name module and artifact name; the jar is {@code <name>/target/<name>.jar}
 * @param defaultPort port the service listens on unless {@code --ports} says otherwise
 * @param database PostgreSQL database of a command service or auth-service, {@code null} for the others
 * @param usesMongo whether the service gets a MongoDB URI
 * @param usesKafka whether the service gets the Kafka bootstrap servers
 */
public record ServiceDefinition(String name, int defaultPort, String database, boolean usesMongo, boolean usesKafka) {

    public static final String READINESS_PATH = "/actuator/health/readiness";
    public static final String HEALTH_PATH = "/actuator/health";
    public static final String SWAGGER_PATH = "/swagger-ui.html";
    public static final String OPENAPI_PATH = "/v3/api-docs";
    public static final String VIEW_DATABASE = "eventbank_view";

    public static final String ENV_SERVER_PORT = "SERVER_PORT";
    public static final String ENV_DATASOURCE_URL = "SPRING_DATASOURCE_URL";
    public static final String ENV_DATASOURCE_USERNAME = "SPRING_DATASOURCE_USERNAME";
    public static final String ENV_DATASOURCE_PASSWORD = "SPRING_DATASOURCE_PASSWORD";
    public static final String ENV_KAFKA_BOOTSTRAP = "SPRING_KAFKA_BOOTSTRAP_SERVERS";
    public static final String ENV_MONGODB_URI = "SPRING_MONGODB_URI";
    /** The issuer the resource servers trust, and where they fetch its keys. */
    public static final String ENV_ISSUER_URI = "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI";
    public static final String ENV_JWK_SET_URI = "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI";
    /** auth-service's own issuer name (the {@code iss} of its tokens). */
    public static final String ENV_AUTH_ISSUER = "SPRING_SECURITY_OAUTH2_AUTHORIZATIONSERVER_ISSUER";
    /** auth-service: where sign-in may return to web-app, and where sign-out may (one URI each here). */
    public static final String ENV_AUTH_WEB_REDIRECT_URI = "EVENTBANK_AUTH_CLIENTS_WEB_REDIRECTURIS_0";
    public static final String ENV_AUTH_WEB_POST_LOGOUT_URI = "EVENTBANK_AUTH_CLIENTS_WEB_POSTLOGOUTREDIRECTURIS_0";
    public static final String ENV_AUTH_WEB_SECRET = "EVENTBANK_AUTH_CLIENTS_WEB_SECRET";
    /** web-app: the issuer the browser is sent to, its client secret, the three APIs. */
    public static final String ENV_WEB_ISSUER = "EVENTBANK_WEBAPP_AUTH_ISSUER";
    /** web-app: where the browser and web-app itself reach auth-service, when not at the issuer's name. */
    public static final String ENV_WEB_AUTH_PUBLIC_URI = "EVENTBANK_WEBAPP_AUTH_PUBLICURI";
    public static final String ENV_WEB_AUTH_INTERNAL_URI = "EVENTBANK_WEBAPP_AUTH_INTERNALURI";
    public static final String ENV_WEB_CLIENT_SECRET = "EVENTBANK_WEBAPP_AUTH_CLIENTSECRET";
    public static final String ENV_WEB_ACCOUNTS_API = "EVENTBANK_WEBAPP_APIS_ACCOUNTS";
    public static final String ENV_WEB_TRANSFERS_API = "EVENTBANK_WEBAPP_APIS_TRANSFERS";
    public static final String ENV_WEB_VIEWS_API = "EVENTBANK_WEBAPP_APIS_VIEWS";
    /** web-app's paths that auth-service must know: the OAuth2 redirect and the page after sign-out. */
    public static final String WEB_REDIRECT_PATH = "/login/oauth2/code/eventbank";
    public static final String WEB_SIGNED_OUT_PATH = "/?signedOut";

    public static final ServiceDefinition AUTH = new ServiceDefinition("auth-service", 9000, "auth", false, false);
    public static final ServiceDefinition ACCOUNTS = new ServiceDefinition("accounts-service", 8081, "accounts", false, true);
    public static final ServiceDefinition TRANSFERS = new ServiceDefinition("transfers-service", 8082, "transfers", false, true);
    public static final ServiceDefinition ACCOUNT_VIEW = new ServiceDefinition("account-view-service", 8083, null, true, true);
    public static final ServiceDefinition WEB = new ServiceDefinition("web-app", 8080, null, false, false);

    /** The APIs: OAuth2 resource servers of {@link #AUTH}'s tokens. */
    public static final List<ServiceDefinition> APIS = List.of(ACCOUNTS, TRANSFERS, ACCOUNT_VIEW);

    /** In start order: the issuer first, the web app (which calls the APIs) last. */
    public static final List<ServiceDefinition> ALL = List.of(AUTH, ACCOUNTS, TRANSFERS, ACCOUNT_VIEW, WEB);

    public Path jar(Path repositoryRoot) {
        return repositoryRoot.resolve(name).resolve("target").resolve(name + ".jar");
    }

    /**
     * The environment the service process gets.
     *
     * @param jdbcUrlOfDatabase creates the service's database if needed and returns its JDBC URL
     */
    public Map<String, String> environment(int port, InfraEndpoints infra, UnaryOperator<String> jdbcUrlOfDatabase) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(ENV_SERVER_PORT, Integer.toString(port));
        if (usesKafka) {
            env.put(ENV_KAFKA_BOOTSTRAP, infra.kafkaBootstrapServers());
        }
        if (database != null) {
            env.put(ENV_DATASOURCE_URL, jdbcUrlOfDatabase.apply(database));
            env.put(ENV_DATASOURCE_USERNAME, infra.postgresUser());
            env.put(ENV_DATASOURCE_PASSWORD, infra.postgresPassword());
        }
        if (usesMongo) {
            env.put(ENV_MONGODB_URI, mongoUriWithDatabase(infra.mongoUri(), VIEW_DATABASE));
        }
        return env;
    }

    /**
     * web-app's settings: the issuer (where the browser signs in; this server fetches tokens there too), its
     * client secret, and the APIs' base URLs.
     */
    public static Map<String, String> webEnvironment(String issuer, String clientSecret, URI accounts, URI transfers,
            URI views) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(ENV_WEB_ISSUER, issuer);
        env.put(ENV_WEB_CLIENT_SECRET, clientSecret);
        env.put(ENV_WEB_ACCOUNTS_API, accounts.toString());
        env.put(ENV_WEB_TRANSFERS_API, transfers.toString());
        env.put(ENV_WEB_VIEWS_API, views.toString());
        return env;
    }

    /** What auth-service needs to know of the web app at {@code webBase}: its redirect and its signed-out page. */
    public static Map<String, String> webClientOfAuth(String webBase, String clientSecret) {
        return Map.of(ENV_AUTH_WEB_SECRET, clientSecret,
                ENV_AUTH_WEB_REDIRECT_URI, webBase + WEB_REDIRECT_PATH,
                ENV_AUTH_WEB_POST_LOGOUT_URI, webBase + WEB_SIGNED_OUT_PATH);
    }

    static String mongoUriWithDatabase(String uri, String database) {
        int query = uri.indexOf('?');
        String base = query < 0 ? uri : uri.substring(0, query);
        String options = query < 0 ? "" : uri.substring(query);
        int hostStart = base.indexOf("://") + 3;
        int pathStart = base.indexOf('/', hostStart);
        String hosts = pathStart < 0 ? base : base.substring(0, pathStart);
        return hosts + "/" + database + options;
    }
}
