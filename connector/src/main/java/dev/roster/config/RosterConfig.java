package dev.roster.config;

import dev.roster.detect.ChangeDetector;
import dev.roster.detect.DetectorSettings;
import dev.roster.detect.DiffRules;
import dev.roster.detect.RemovalGuardSettings;
import dev.roster.identity.IdentityKeyKind;
import dev.roster.identity.IdentitySettings;
import dev.roster.ops.BearerToken;
import dev.roster.ops.HostNames;
import dev.roster.ops.OpsSettings;
import dev.roster.poll.AccountRemovalGuard;
import dev.roster.registry.AvroSerdeConfig;
import dev.roster.registry.RegistryClientConfig;
import dev.roster.topics.KafkaClientSecrets;
import dev.roster.topics.TopicSettings;
import dev.roster.truto.ApiToken;
import dev.roster.truto.DiscoveryFilter;
import dev.roster.truto.ListingLimits;
import dev.roster.truto.MappingSettings;
import dev.roster.truto.RequestBudget;
import dev.roster.truto.RetrySettings;
import dev.roster.truto.TrutoClientSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.NonEmptyString;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidList;
import org.apache.kafka.common.config.ConfigDef.Validator;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;

/**
 * Roster's configuration: every key declared once below with its type, default, validator and
 * documentation, read from a properties file with environment overrides, validated as a whole, and
 * turned into the settings types of the packages that use it.
 *
 * <p>Keys under {@code kafka.} go to the Kafka clients with the prefix removed ({@code
 * kafka.security.protocol} → {@code security.protocol}).
 */
public final class RosterConfig {

  // Truto
  public static final String TRUTO_BASE_URL = "truto.base-url";
  public static final String TRUTO_API_TOKEN = "truto.api-token";
  public static final String TRUTO_API_TOKEN_FILE = TRUTO_API_TOKEN + SecretFiles.SUFFIX;
  public static final String TRUTO_ALLOW_INSECURE = "truto.allow-insecure";
  public static final String TRUTO_PAGE_SIZE = "truto.page-size";
  public static final String TRUTO_REQUEST_TIMEOUT = "truto.request-timeout";
  public static final String TRUTO_PARTIAL_RESPONSE_INTEGRATIONS =
      "truto.partial-response-integrations";
  public static final String TRUTO_ACCOUNT_BUDGET_REQUESTS = "truto.account-budget.requests";
  public static final String TRUTO_ACCOUNT_BUDGET_WINDOW = "truto.account-budget.window";
  public static final String TRUTO_TOKEN_BUDGET_REQUESTS = "truto.token-budget.requests";
  public static final String TRUTO_TOKEN_BUDGET_WINDOW = "truto.token-budget.window";
  public static final String TRUTO_GET_CONCURRENCY = "truto.get-concurrency";
  public static final String TRUTO_REMOTE_DATA_ENABLED = "truto.remote-data.enabled";
  public static final String TRUTO_REMOTE_DATA_MAX_BYTES = "truto.remote-data.max-bytes";
  public static final String TRUTO_MAX_RESPONSE_BYTES = TrutoClientSettings.MAX_RESPONSE_BYTES_KEY;
  // Kafka and the schema registry
  public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO =
      "schema.registry.basic.auth.user.info";
  public static final String SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO_FILE =
      SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO + SecretFiles.SUFFIX;
  public static final String SCHEMA_REGISTRY_ALLOW_INSECURE = "schema.registry.allow-insecure";
  public static final String SCHEMA_REGISTRY_AUTO_REGISTER = "schema.registry.auto-register";
  public static final String SCHEMA_REGISTRY_STARTUP_WAIT = "schema.registry.startup-wait";
  // Application
  public static final String APPLICATION_ID = "application.id";
  public static final String STATE_DIR = "state.dir";
  // Accounts
  public static final String ACCOUNTS_FILE = "accounts.file";
  public static final String ACCOUNTS_DISCOVERY_ENABLED = "accounts.discovery.enabled";
  public static final String ACCOUNTS_DISCOVERY_INTERVAL = "accounts.discovery.interval";
  public static final String ACCOUNTS_DISCOVERY_INTEGRATIONS = "accounts.discovery.integrations";
  public static final String ACCOUNTS_DISCOVERY_TENANTS = "accounts.discovery.tenants";
  public static final String ACCOUNTS_REMOVAL_GUARD_MAX_SHARE = "accounts.removal-guard.max-share";
  public static final String ACCOUNTS_REMOVAL_GUARD_MIN_KNOWN_ACCOUNTS =
      "accounts.removal-guard.min-known-accounts";
  public static final String ACCOUNTS_REMOVAL_GUARD_CONFIRMATIONS =
      "accounts.removal-guard.confirmations";
  // Polling
  public static final String POLL_INTERVAL = "poll.interval";
  public static final String POLL_JITTER = "poll.jitter";
  public static final String POLL_CONCURRENCY = "poll.concurrency";
  public static final String POLL_INTEGRATION_CONCURRENCY = "poll.integration-concurrency";
  public static final String POLL_INTEGRATION_INTERVAL = "poll.integration-interval";
  public static final String POLL_UNCHANGED_AS_FINGERPRINTS = "poll.unchanged-as-fingerprints";
  public static final String POLL_MAX_PAGES = "poll.max-pages";
  public static final String POLL_MAX_EMPTY_PAGES = "poll.max-empty-pages";
  public static final String POLL_MAX_DURATION = "poll.max-duration";
  // Topics
  public static final String TOPICS_PREFIX = "topics.prefix";
  public static final String TOPICS_PARTITIONS = "topics.partitions";
  public static final String TOPICS_REPLICATION = "topics.replication";
  public static final String TOPICS_OBSERVATIONS_RETENTION = "topics.observations.retention";
  public static final String TOPICS_EVENTS_RETENTION = "topics.events.retention";
  // Change detector
  public static final String DETECTOR_QUIET_FIELDS = "detector.quiet-fields";
  public static final String DETECTOR_REMOVAL_GUARD_MAX_SHARE = "detector.removal-guard.max-share";
  public static final String DETECTOR_REMOVAL_GUARD_MIN_KNOWN_USERS =
      "detector.removal-guard.min-known-users";
  public static final String DETECTOR_REMOVAL_GUARD_CONFIRMATIONS =
      "detector.removal-guard.confirmations";
  public static final String DETECTOR_ROCKSDB_MEMORY = "detector.rocksdb.memory";
  // Operations
  public static final String IDENTITIES_ENABLED = "identities.enabled";
  public static final String IDENTITIES_KEYS = "identities.keys";
  public static final String IDENTITIES_IDP_INTEGRATIONS = "identities.idp-integrations";
  public static final String IDENTITIES_ADMIN_ROLES = "identities.admin-roles";
  public static final String IDENTITIES_LEAVER_ALERTS = "identities.leaver.enabled";
  public static final String IDENTITIES_LEAVER_GRACE = "identities.leaver-grace";
  public static final String IDENTITIES_ORPHAN_ALERTS = "identities.orphaned.enabled";
  public static final String IDENTITIES_ORPHAN_GRACE = "identities.orphaned-grace";
  public static final String IDENTITIES_ADMIN_WITHOUT_2FA_ALERTS =
      "identities.admin-without-2fa.enabled";
  public static final String IDENTITIES_SWEEP_INTERVAL = "identities.sweep-interval";

  public static final String OPS_HOST = "ops.host";
  public static final String OPS_PORT = "ops.port";
  public static final String OPS_AUTH_TOKEN = "ops.auth-token";
  public static final String OPS_AUTH_TOKEN_FILE = OPS_AUTH_TOKEN + SecretFiles.SUFFIX;
  public static final String OPS_METRICS_TOKEN = "ops.metrics-token";
  public static final String OPS_METRICS_TOKEN_FILE = OPS_METRICS_TOKEN + SecretFiles.SUFFIX;
  public static final String OPS_ALLOW_OPEN = "ops.allow-open";
  public static final String SHUTDOWN_TIMEOUT = "shutdown.timeout";

  /** Keys under this prefix are handed to the Kafka clients without it. */
  public static final String KAFKA_PREFIX = ConfigSources.KAFKA_PREFIX;

  private static final ConfigDef CONFIG_DEF = new ConfigDef();

  /**
   * Roster's own secrets, each of which may also be given as a file (see {@link SecretFiles}), with
   * the characters each may hold.
   */
  private static final Map<String, Secrets.Charset> SECRET_KEYS =
      Map.of(
          TRUTO_API_TOKEN, Secrets.Charset.HEADER_TOKEN,
          SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO, Secrets.Charset.LINE,
          OPS_AUTH_TOKEN, Secrets.Charset.HEADER_TOKEN,
          OPS_METRICS_TOKEN, Secrets.Charset.HEADER_TOKEN);

  static {
    String group = "Truto";
    define(
        group,
        TRUTO_BASE_URL,
        Type.STRING,
        TrutoClientSettings.DEFAULT_BASE_URL.toString(),
        Validators.httpUrl(TRUTO_API_TOKEN + " or " + TRUTO_API_TOKEN_FILE),
        Importance.HIGH,
        "Base URL of the Truto API; point it at the simulator for tests and the demo. Plain http:// carries the API"
            + " token only to loopback (127.0.0.0/8, ::1, localhost) unless "
            + TRUTO_ALLOW_INSECURE
            + " is true.");
    define(
        group,
        TRUTO_API_TOKEN,
        Type.PASSWORD,
        null,
        null,
        Importance.HIGH,
        "API token of the Truto environment (Truto dashboard → Settings → API tokens). Required by `run`; never"
            + " logged. Give it as the environment variable ROSTER_TRUTO_API_TOKEN or as a file ("
            + TRUTO_API_TOKEN_FILE
            + "), not in the properties file.");
    define(
        group,
        TRUTO_API_TOKEN_FILE,
        Type.STRING,
        null,
        null,
        Importance.HIGH,
        "File holding the API token instead of "
            + TRUTO_API_TOKEN
            + ", e.g. a mounted container secret"
            + " (/run/secrets/truto-api-token); its trailing line break is ignored. Give one of the two, not both.");
    define(
        group,
        TRUTO_ALLOW_INSECURE,
        Type.BOOLEAN,
        false,
        null,
        Importance.LOW,
        "Send the API token over plain http:// to a host that is not loopback. Off, such a "
            + TRUTO_BASE_URL
            + " is refused at start-up. Only for a path protected otherwise (a service mesh that encrypts, the"
            + " simulator inside docker-compose), never across the internet.");
    define(
        group,
        TRUTO_PAGE_SIZE,
        Type.INT,
        TrutoClientSettings.DEFAULT_PAGE_SIZE,
        Range.atLeast(1),
        Importance.LOW,
        "Users asked for per list page (Truto's `limit`); Truto may return fewer.");
    define(
        group,
        TRUTO_REQUEST_TIMEOUT,
        Type.STRING,
        "30s",
        Validators.positiveDuration(),
        Importance.LOW,
        "Time allowed for one whole request to Truto, body included.");
    define(
        group,
        TRUTO_PARTIAL_RESPONSE_INTEGRATIONS,
        Type.LIST,
        String.join(",", new TreeSet<>(TrutoClientSettings.DEFAULT_PARTIAL_RESPONSE_INTEGRATIONS)),
        ValidList.anyNonDuplicateValues(true, false),
        Importance.LOW,
        "Integrations whose list pages hold partial users, so every user is fetched with one more `get`. Truto"
            + " adds integrations over time: extend the list when its documentation does.");
    define(
        group,
        TRUTO_ACCOUNT_BUDGET_REQUESTS,
        Type.INT,
        RequestBudget.TRUTO_PER_ACCOUNT.requests(),
        Range.atLeast(1),
        Importance.MEDIUM,
        "Requests per integrated account allowed in any window of truto.account-budget.window.");
    define(
        group,
        TRUTO_ACCOUNT_BUDGET_WINDOW,
        Type.STRING,
        "10s",
        Validators.positiveDuration(),
        Importance.MEDIUM,
        "Window of the per-account request budget.");
    define(
        group,
        TRUTO_TOKEN_BUDGET_REQUESTS,
        Type.INT,
        RequestBudget.TRUTO_PER_TOKEN.requests(),
        Range.atLeast(1),
        Importance.MEDIUM,
        "Requests across all accounts of the API token allowed in any window of"
            + " truto.token-budget.window.");
    define(
        group,
        TRUTO_TOKEN_BUDGET_WINDOW,
        Type.STRING,
        "10s",
        Validators.positiveDuration(),
        Importance.MEDIUM,
        "Window of the per-token request budget.");
    define(
        group,
        TRUTO_GET_CONCURRENCY,
        Type.INT,
        TrutoClientSettings.DEFAULT_GET_CONCURRENCY,
        Range.atLeast(1),
        Importance.LOW,
        "`get` requests in flight at once within one poll of a partial-response integration.");
    define(
        group,
        TRUTO_REMOTE_DATA_ENABLED,
        Type.BOOLEAN,
        true,
        null,
        Importance.LOW,
        "Keep each user's raw vendor JSON (`remote_data`) on the User record.");
    define(
        group,
        TRUTO_REMOTE_DATA_MAX_BYTES,
        Type.INT,
        MappingSettings.DEFAULT_MAX_REMOTE_DATA_BYTES,
        Range.atLeast(0),
        Importance.LOW,
        "Largest `remote_data` kept, in UTF-8 bytes; larger remote data is dropped, not cut.");
    define(
        group,
        TRUTO_MAX_RESPONSE_BYTES,
        Type.INT,
        TrutoClientSettings.DEFAULT_MAX_RESPONSE_BYTES,
        Range.atLeast(1024),
        Importance.LOW,
        "Largest Truto response body read, in bytes, success or error, discovery included. A larger one is not read"
            + " past this (a larger Content-Length, not at all): its call fails as INVALID_RESPONSE without retry, so"
            + " that poll fails and removes nobody. Bounds the memory one response can take.");

    group = "Kafka and schema registry";
    define(
        group,
        KAFKA_BOOTSTRAP_SERVERS,
        Type.LIST,
        "localhost:9092",
        Validators.bootstrapServers("kafka.sasl.jaas.config (or kafka.sasl.jaas.config-file)"),
        Importance.HIGH,
        "Kafka brokers to connect to, host:port, comma-separated. Every other kafka.* key is handed to the Kafka"
            + " clients too, without the prefix (kafka.security.protocol, kafka.sasl.*, kafka.ssl.*); a secret among"
            + " them can be read from a file by adding -file to its key, e.g. kafka.sasl.jaas.config-file.");
    define(
        group,
        SCHEMA_REGISTRY_URL,
        Type.STRING,
        "http://localhost:8081",
        Validators.registryUrls(),
        Importance.HIGH,
        "Base URL of the Confluent-compatible schema registry; several, comma-separated, are tried"
            + " in order. Plain http:// carries basic-auth credentials only to loopback unless "
            + SCHEMA_REGISTRY_ALLOW_INSECURE
            + " is true.");
    define(
        group,
        SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO,
        Type.PASSWORD,
        null,
        Validators.userInfo(),
        Importance.MEDIUM,
        "`user:secret` for HTTP basic auth with the registry (a Confluent Cloud API key and secret). Never logged.");
    define(
        group,
        SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO_FILE,
        Type.STRING,
        null,
        null,
        Importance.MEDIUM,
        "File holding `user:secret` instead of "
            + SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO
            + ", e.g. a mounted container"
            + " secret; its trailing line break is ignored. Give one of the two, not both.");
    define(
        group,
        SCHEMA_REGISTRY_ALLOW_INSECURE,
        Type.BOOLEAN,
        false,
        null,
        Importance.LOW,
        "Send the basic-auth credentials over plain http:// to a registry that is not on loopback. Off, such a "
            + SCHEMA_REGISTRY_URL
            + " is refused at start-up when credentials are set. Only for a path protected"
            + " otherwise, never across the internet.");
    define(
        group,
        SCHEMA_REGISTRY_AUTO_REGISTER,
        Type.BOOLEAN,
        true,
        null,
        Importance.MEDIUM,
        "Register Roster's schemas when they are first used. Turn it off where a CI pipeline registers them"
            + " (`roster schemas register`).");
    define(
        group,
        SCHEMA_REGISTRY_STARTUP_WAIT,
        Type.STRING,
        "5m",
        Validators.positiveDuration(),
        Importance.LOW,
        "How long `run` waits at start-up for a registry that is unreachable or answers 5xx, retrying with backoff,"
            + " before it exits with code 1. A running instance needs no registry: its schemas are cached.");

    group = "Application";
    define(
        group,
        APPLICATION_ID,
        Type.STRING,
        "roster",
        Validators.topicCharacters(false),
        Importance.HIGH,
        "Identity shared by all instances of one deployment: their consumer group and Kafka Streams application"
            + " id. Instances with the same id share the accounts between them.");
    define(
        group,
        STATE_DIR,
        Type.STRING,
        "./roster-state",
        new NonEmptyString(),
        Importance.MEDIUM,
        "Directory for local state (the change detector's RocksDB stores); rebuilt from Kafka when lost.");

    group = "Accounts";
    define(
        group,
        ACCOUNTS_FILE,
        Type.STRING,
        null,
        null,
        Importance.HIGH,
        "YAML file listing integrated accounts to poll, and query parameters or intervals for discovered ones."
            + " Unset: discovery alone.");
    define(
        group,
        ACCOUNTS_DISCOVERY_ENABLED,
        Type.BOOLEAN,
        false,
        null,
        Importance.HIGH,
        "Discover the integrated accounts from Truto's /integrated-account listing.");
    define(
        group,
        ACCOUNTS_DISCOVERY_INTERVAL,
        Type.STRING,
        "15m",
        Validators.positiveDuration(),
        Importance.MEDIUM,
        "How often discovery runs.");
    define(
        group,
        ACCOUNTS_DISCOVERY_INTEGRATIONS,
        Type.LIST,
        "",
        ValidList.anyNonDuplicateValues(true, false),
        Importance.MEDIUM,
        "Integrations discovery lists, comma-separated; empty lists all.");
    define(
        group,
        ACCOUNTS_DISCOVERY_TENANTS,
        Type.LIST,
        "",
        ValidList.anyNonDuplicateValues(true, false),
        Importance.MEDIUM,
        "Tenants discovery lists, comma-separated; empty lists all.");
    define(
        group,
        ACCOUNTS_REMOVAL_GUARD_MAX_SHARE,
        Type.DOUBLE,
        AccountRemovalGuard.DEFAULTS.maxShare(),
        Range.between(0.0, 1.0),
        Importance.MEDIUM,
        "Share of the discovered accounts one discovery answer may remove from the accounts table at"
            + " once; more (or all of them) waits for confirmation (an empty answer from a token of another"
            + " environment looks exactly like every account deleted). Accounts removed from the accounts"
            + " file go at once.");
    define(
        group,
        ACCOUNTS_REMOVAL_GUARD_MIN_KNOWN_ACCOUNTS,
        Type.INT,
        AccountRemovalGuard.DEFAULTS.minKnownUsers(),
        Range.atLeast(1),
        Importance.LOW,
        "With fewer discovered accounts in the table, only an answer that misses all of them is held.");
    define(
        group,
        ACCOUNTS_REMOVAL_GUARD_CONFIRMATIONS,
        Type.INT,
        AccountRemovalGuard.DEFAULTS.confirmations(),
        Range.atLeast(1),
        Importance.LOW,
        "Further discovery answers that must also miss an account before a held removal goes ahead.");

    group = "Polling";
    define(
        group,
        POLL_INTERVAL,
        Type.STRING,
        "15m",
        Validators.positiveDuration(),
        Importance.HIGH,
        "Time between the starts of two polls of one account, unless the account or its integration says otherwise.");
    define(
        group,
        POLL_JITTER,
        Type.DOUBLE,
        0.1,
        Range.between(0.0, 0.5),
        Importance.LOW,
        "Random spread of each interval as a share of it (0.1 = ±10%), so accounts added together are not all"
            + " polled in the same second.");
    define(
        group,
        POLL_CONCURRENCY,
        Type.INT,
        8,
        Range.atLeast(1),
        Importance.MEDIUM,
        "Polls running at once in one instance.");
    define(
        group,
        POLL_INTEGRATION_CONCURRENCY,
        Type.STRING,
        "",
        Validators.positiveIntMap(),
        Importance.LOW,
        "Caps on polls running at once per integration within an instance, e.g. github=2,okta=4.");
    define(
        group,
        POLL_INTEGRATION_INTERVAL,
        Type.STRING,
        "",
        Validators.durationMap(),
        Importance.LOW,
        "Poll intervals per integration, e.g. okta=5m; an account's own interval in the accounts file wins.");
    define(
        group,
        POLL_UNCHANGED_AS_FINGERPRINTS,
        Type.BOOLEAN,
        true,
        null,
        Importance.LOW,
        "Whether a user unchanged since its account's last complete poll is sent to the change detector as its"
            + " fingerprints only (a few bytes, not the whole user); the detector checks them and asks for the"
            + " user in full when they do not match. It costs the poller about 17 MB of heap per million users"
            + " of the accounts it owns. Set false while upgrading instances from Roster 0.1.0,"
            + " whose detector cannot read them (README.md, \"Upgrading\").");
    define(
        group,
        POLL_MAX_PAGES,
        Type.INT,
        ListingLimits.DEFAULT_MAX_PAGES,
        Range.atLeast(1),
        Importance.LOW,
        "Most list pages one poll (or one discovery) reads: a page this far that still has a next cursor fails"
            + " the poll as INVALID_RESPONSE, removing nobody. Bounds a vendor whose pagination never ends; the"
            + " default reads ten million users at truto.page-size 100.");
    define(
        group,
        POLL_MAX_EMPTY_PAGES,
        Type.INT,
        ListingLimits.DEFAULT_MAX_EMPTY_PAGES_IN_A_ROW,
        Range.atLeast(1),
        Importance.LOW,
        "Most empty list pages in a row that still carry a next cursor: that many fail the poll as"
            + " INVALID_RESPONSE (a vendor answering empty pages with a fresh cursor each time), removing nobody.");
    define(
        group,
        POLL_MAX_DURATION,
        Type.STRING,
        "12h",
        Validators.positiveDuration(),
        Importance.LOW,
        "Longest one poll (or one discovery) may run, its per-user gets included; checked after each page. A poll"
            + " past it fails as TIMEOUT, removing nobody. A 10,000-user partial-response account (Okta) takes"
            + " about 35 minutes within Truto's per-account budget.");

    group = "Identities";
    define(
        group,
        IDENTITIES_ENABLED,
        Type.BOOLEAN,
        true,
        null,
        Importance.MEDIUM,
        "Whether Roster joins each tenant's users into people (roster.identities) and raises alerts about them"
            + " (roster.identity-alerts).");
    define(
        group,
        IDENTITIES_KEYS,
        Type.LIST,
        IdentityKeyKind.EMAIL.configName(),
        ValidList.in(
            false,
            java.util.Arrays.stream(IdentityKeyKind.values())
                .map(IdentityKeyKind::configName)
                .toArray(String[]::new)),
        Importance.MEDIUM,
        "What joins a tenant's users into one person, in order: a user's key is the first that gives a value"
            + " (email: the primary work email, lower-cased and trimmed; username; external_id). Users without"
            + " any are counted, not joined.");
    define(
        group,
        IDENTITIES_IDP_INTEGRATIONS,
        Type.LIST,
        String.join(",", new TreeSet<>(IdentitySettings.DEFAULT_IDP_INTEGRATIONS)),
        ValidList.anyNonDuplicateValues(true, false),
        Importance.MEDIUM,
        "Integrations whose accounts are identity providers, the sources of truth for who works at a tenant; an"
            + " account's identity_provider in the accounts file wins.");
    define(
        group,
        IDENTITIES_ADMIN_ROLES,
        Type.STRING,
        IdentitySettings.DEFAULT_ADMIN_ROLES,
        Validators.regex(),
        Importance.LOW,
        "A user holding a role whose name (or, without one, id) matches this regular expression is an admin.");
    define(
        group,
        IDENTITIES_LEAVER_ALERTS,
        Type.BOOLEAN,
        true,
        null,
        Importance.MEDIUM,
        "Whether LEAVER_STILL_ACTIVE alerts are raised: off in every identity provider, active in an app.");
    define(
        group,
        IDENTITIES_LEAVER_GRACE,
        Type.STRING,
        "0s",
        Validators.duration(),
        Importance.MEDIUM,
        "How long a leaver may stay active in an app before the alert; the alert is delayed, not dropped, and"
            + " comes only if the condition still holds then. 0s alerts at once.");
    define(
        group,
        IDENTITIES_ORPHAN_ALERTS,
        Type.BOOLEAN,
        true,
        null,
        Importance.MEDIUM,
        "Whether ORPHANED_ACCOUNT alerts are raised: active in an app, never in the tenant's identity providers"
            + " (only for tenants with an identity-provider account).");
    define(
        group,
        IDENTITIES_ORPHAN_GRACE,
        Type.STRING,
        "1d",
        Validators.duration(),
        Importance.LOW,
        "How long an app account may be an orphan before the alert (new hires often reach apps before the"
            + " identity provider).");
    define(
        group,
        IDENTITIES_ADMIN_WITHOUT_2FA_ALERTS,
        Type.BOOLEAN,
        true,
        null,
        Importance.MEDIUM,
        "Whether ADMIN_WITHOUT_2FA alerts are raised: an active admin whose app says two-factor authentication"
            + " is off.");
    define(
        group,
        IDENTITIES_SWEEP_INTERVAL,
        Type.STRING,
        "1h",
        Validators.positiveDuration(),
        Importance.LOW,
        "How often every person is judged again, so that changed accounts (a new identity provider) apply to"
            + " people whose users did not change.");

    group = "Topics";
    define(
        group,
        TOPICS_PREFIX,
        Type.STRING,
        TopicSettings.DEFAULT_PREFIX,
        Validators.topicCharacters(true),
        Importance.HIGH,
        "Prefix of every topic name (roster. gives roster.users, roster.user-events, …).");
    define(
        group,
        TOPICS_PARTITIONS,
        Type.INT,
        TopicSettings.DEFAULT_PARTITIONS,
        Range.atLeast(1),
        Importance.MEDIUM,
        "Partitions of the topics Roster creates; the most instances that can share the work.");
    define(
        group,
        TOPICS_REPLICATION,
        Type.SHORT,
        TopicSettings.DEFAULT_REPLICATION,
        Range.atLeast(1),
        Importance.MEDIUM,
        "Replication factor of the topics Roster creates: 3 for a production cluster, 1 for a"
            + " single broker.");
    define(
        group,
        TOPICS_OBSERVATIONS_RETENTION,
        Type.STRING,
        "1d",
        Validators.positiveDuration(),
        Importance.LOW,
        "Retention of the internal observations topic: how long the change detector may be down without losing"
            + " polls.");
    define(
        group,
        TOPICS_EVENTS_RETENTION,
        Type.STRING,
        "30d",
        Validators.positiveDuration(),
        Importance.LOW,
        "Retention of the change events topic: how long consumers may fall behind.");

    group = "Change detector";
    define(
        group,
        DETECTOR_QUIET_FIELDS,
        Type.LIST,
        String.join(",", new TreeSet<>(DiffRules.DEFAULT_QUIET_FIELDS)),
        ValidList.in(true, DiffRules.quietableFields().toArray(String[]::new)),
        Importance.MEDIUM,
        "User fields whose changes update roster.users but raise no change event (volatile activity times).");
    define(
        group,
        DETECTOR_REMOVAL_GUARD_MAX_SHARE,
        Type.DOUBLE,
        RemovalGuardSettings.defaults().maxShare(),
        Range.between(0.0, 1.0),
        Importance.MEDIUM,
        "Share of an account's users one complete poll may remove at once; more waits for confirmation (an empty"
            + " list from a broken token looks exactly like everyone leaving).");
    define(
        group,
        DETECTOR_REMOVAL_GUARD_MIN_KNOWN_USERS,
        Type.INT,
        RemovalGuardSettings.defaults().minKnownUsers(),
        Range.atLeast(1),
        Importance.LOW,
        "Accounts with fewer known users are never held back by the removal guard.");
    define(
        group,
        DETECTOR_REMOVAL_GUARD_CONFIRMATIONS,
        Type.INT,
        RemovalGuardSettings.defaults().confirmations(),
        Range.atLeast(1),
        Importance.LOW,
        "Further complete polls that must also miss the users before held removals" + " go ahead.");
    define(
        group,
        DETECTOR_ROCKSDB_MEMORY,
        Type.LONG,
        ChangeDetector.DEFAULT_ROCKSDB_MEMORY_BYTES,
        Range.atLeast(16L << 20),
        Importance.MEDIUM,
        "Bytes the change detector's and the identity stage's RocksDB stores may take off the heap in all"
            + " (each application one block cache and its memtables, shared by its stores; the identity stage,"
            + " when on, gets a quarter): count it, beside the heap, within a container's memory limit.");

    group = "Operations";
    define(
        group,
        OPS_HOST,
        Type.STRING,
        "127.0.0.1",
        new NonEmptyString(),
        Importance.MEDIUM,
        "Address the status page, health and metrics endpoints listen on: loopback unless set; 0.0.0.0 (all"
            + " interfaces) where probes and Prometheus come from elsewhere, as in a container (the Dockerfile sets it)."
            + " Beyond loopback, `run` needs "
            + OPS_AUTH_TOKEN
            + " or "
            + OPS_ALLOW_OPEN
            + "=true.");
    define(
        group,
        OPS_PORT,
        Type.INT,
        8080,
        Range.between(0, 65535),
        Importance.LOW,
        "Port of the health and metrics HTTP endpoints; 0 picks a free port.");
    define(
        group,
        OPS_AUTH_TOKEN,
        Type.PASSWORD,
        null,
        null,
        Importance.MEDIUM,
        "Bearer token the status page (/) asks for (Authorization: Bearer <token>); the page shows people's"
            + " emails. Unset, the page answers without one, but only to requests whose Host is localhost, an IP"
            + " address or "
            + OPS_HOST
            + " (a defence against DNS rebinding), and `run` refuses to listen beyond loopback unless "
            + OPS_ALLOW_OPEN
            + "=true. /health/* never asks for a token (probes carry none), keeps the same Host rule and says"
            + " nothing secret. Never logged.");
    define(
        group,
        OPS_AUTH_TOKEN_FILE,
        Type.STRING,
        null,
        null,
        Importance.MEDIUM,
        "File holding the status page's token instead of "
            + OPS_AUTH_TOKEN
            + ", e.g. a mounted container secret;"
            + " its trailing line break is ignored. Give one of the two, not both.");
    define(
        group,
        OPS_METRICS_TOKEN,
        Type.PASSWORD,
        null,
        null,
        Importance.MEDIUM,
        "Bearer token /metrics asks for (Prometheus: `authorization: {credentials: …}`); unset, /metrics is open"
            + " under the same Host rule as the page. Account ids, integrations and tenants are on it. Never logged.");
    define(
        group,
        OPS_METRICS_TOKEN_FILE,
        Type.STRING,
        null,
        null,
        Importance.MEDIUM,
        "File holding the metrics token instead of "
            + OPS_METRICS_TOKEN
            + ", e.g. a mounted container secret;"
            + " its trailing line break is ignored. Give one of the two, not both.");
    define(
        group,
        OPS_ALLOW_OPEN,
        Type.BOOLEAN,
        false,
        null,
        Importance.MEDIUM,
        "Let `run` listen beyond loopback ("
            + OPS_HOST
            + ") without "
            + OPS_AUTH_TOKEN
            + ", the status page open to whoever reaches the port. Off, such a start is refused (exit code 3). Only"
            + " where the network keeps everyone else out (docker-compose.yml publishes the port on the host's"
            + " loopback).");
    define(
        group,
        SHUTDOWN_TIMEOUT,
        Type.STRING,
        "30s",
        Validators.positiveDuration(),
        Importance.LOW,
        "Time allowed for a clean stop on SIGTERM or Ctrl-C: running polls aborted, the change detector committed and"
            + " its checkpoints written, producers flushed. Give the orchestrator's grace period a few seconds more"
            + " (Kubernetes terminationGracePeriodSeconds, docker stop --time).");
  }

  /**
   * Keys whose values are URLs or brokers, which could carry credentials: shown with those hidden.
   */
  private static final Set<String> ADDRESS_KEYS =
      Set.of(TRUTO_BASE_URL, SCHEMA_REGISTRY_URL, KAFKA_BOOTSTRAP_SERVERS);

  private static final Pattern KAFKA_MESSAGE_PREFIX =
      Pattern.compile("^Invalid value .* for configuration \\S+: ", Pattern.DOTALL);

  private final ConfigSources sources;
  private final AbstractConfig values;
  private final Map<String, Object> kafkaClientProps;

  private RosterConfig(
      ConfigSources sources, AbstractConfig values, Map<String, String> kafkaClientProps) {
    this.sources = sources;
    this.values = values;
    this.kafkaClientProps = Collections.unmodifiableMap(new TreeMap<>(kafkaClientProps));
  }

  /**
   * Reads the properties file, if any, applies the environment on top (the variable of each key is
   * {@link #environmentVariable}; {@code ROSTER_KAFKA_<REST>} sets {@code kafka.<rest>}) and
   * validates the result.
   *
   * @throws ConfigProblems naming every bad key, or the file when it cannot be read
   */
  public static RosterConfig load(Optional<Path> propertiesFile, Map<String, String> environment) {
    return validated(ConfigSources.read(propertiesFile, environment, CONFIG_DEF.names()));
  }

  /** Validates the given values alone: no file, no environment. */
  public static RosterConfig fromMap(Map<String, String> values) {
    return validated(ConfigSources.given(values));
  }

  /** A copy with one key set, validated like the original. */
  public RosterConfig with(String key, String value) {
    return validated(sources.with(key, value));
  }

  /** The definition of every key, for tools that render or check configuration. */
  public static ConfigDef configDef() {
    return new ConfigDef(CONFIG_DEF);
  }

  /**
   * The variable that overrides {@code key}: {@code truto.api-token} → {@code
   * ROSTER_TRUTO_API_TOKEN}.
   */
  public static String environmentVariable(String key) {
    return ConfigSources.environmentVariable(key);
  }

  /** Every key as a Markdown table, grouped, for the README. */
  public static String documentation() {
    return ConfigDocumentation.markdown(CONFIG_DEF);
  }

  public Optional<ApiToken> trutoApiToken() {
    return Optional.ofNullable(values.getPassword(TRUTO_API_TOKEN))
        .map(Password::value)
        .filter(token -> !token.isBlank())
        .map(ApiToken::of);
  }

  public URI trutoBaseUrl() {
    return URI.create(values.getString(TRUTO_BASE_URL));
  }

  /**
   * The Truto client's settings; the token is the caller's to demand, since only {@code run} needs
   * one.
   */
  public TrutoClientSettings trutoClientSettings(ApiToken token) {
    Duration requestTimeout = duration(TRUTO_REQUEST_TIMEOUT);
    // A connect timeout longer than the whole request could never be reached.
    Duration connectTimeout =
        requestTimeout.compareTo(TrutoClientSettings.DEFAULT_TIMEOUT) < 0
            ? requestTimeout
            : TrutoClientSettings.DEFAULT_TIMEOUT;
    return new TrutoClientSettings(
        trutoBaseUrl(),
        token,
        connectTimeout,
        requestTimeout,
        values.getInt(TRUTO_PAGE_SIZE),
        new RequestBudget(
            values.getInt(TRUTO_ACCOUNT_BUDGET_REQUESTS), duration(TRUTO_ACCOUNT_BUDGET_WINDOW)),
        new RequestBudget(
            values.getInt(TRUTO_TOKEN_BUDGET_REQUESTS), duration(TRUTO_TOKEN_BUDGET_WINDOW)),
        RetrySettings.DEFAULTS,
        Set.copyOf(values.getList(TRUTO_PARTIAL_RESPONSE_INTEGRATIONS)),
        values.getInt(TRUTO_GET_CONCURRENCY),
        new MappingSettings(
            MappingSettings.DEFAULT_MAX_STRING_CHARS,
            values.getInt(TRUTO_REMOTE_DATA_MAX_BYTES),
            values.getBoolean(TRUTO_REMOTE_DATA_ENABLED)),
        values.getInt(TRUTO_MAX_RESPONSE_BYTES),
        new ListingLimits(
            values.getInt(POLL_MAX_PAGES),
            values.getInt(POLL_MAX_EMPTY_PAGES),
            duration(POLL_MAX_DURATION)));
  }

  /** Every {@code kafka.*} key without its prefix, bootstrap.servers always among them. */
  public Map<String, Object> kafkaClientProps() {
    return kafkaClientProps;
  }

  public RegistryClientConfig registryClientConfig() {
    RegistryClientConfig config =
        RegistryClientConfig.of(values.getString(SCHEMA_REGISTRY_URL))
            .withStartupWait(duration(SCHEMA_REGISTRY_STARTUP_WAIT));
    return Optional.ofNullable(values.getPassword(SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO))
        .map(Password::value)
        .filter(userInfo -> !userInfo.isBlank())
        .map(config::withBasicAuth)
        .orElse(config);
  }

  public AvroSerdeConfig serdeConfig() {
    return AvroSerdeConfig.DEFAULTS.withAutoRegister(
        values.getBoolean(SCHEMA_REGISTRY_AUTO_REGISTER));
  }

  public String applicationId() {
    return values.getString(APPLICATION_ID);
  }

  public Path stateDir() {
    return Path.of(values.getString(STATE_DIR));
  }

  public Optional<Path> accountsFile() {
    return Optional.ofNullable(values.getString(ACCOUNTS_FILE))
        .filter(file -> !file.isBlank())
        .map(Path::of);
  }

  public boolean discoveryEnabled() {
    return values.getBoolean(ACCOUNTS_DISCOVERY_ENABLED);
  }

  public Duration discoveryInterval() {
    return duration(ACCOUNTS_DISCOVERY_INTERVAL);
  }

  /** When discovery may not remove accounts at once ({@code accounts.removal-guard.*}). */
  public RemovalGuardSettings accountsGuard() {
    return new RemovalGuardSettings(
        values.getDouble(ACCOUNTS_REMOVAL_GUARD_MAX_SHARE),
        values.getInt(ACCOUNTS_REMOVAL_GUARD_MIN_KNOWN_ACCOUNTS),
        values.getInt(ACCOUNTS_REMOVAL_GUARD_CONFIRMATIONS));
  }

  /**
   * Which accounts discovery lists; statuses are not filtered, so Roster learns of accounts needing
   * re-auth.
   */
  public DiscoveryFilter discoveryFilter() {
    return new DiscoveryFilter(
        values.getList(ACCOUNTS_DISCOVERY_INTEGRATIONS),
        values.getList(ACCOUNTS_DISCOVERY_TENANTS),
        List.of());
  }

  public Duration pollInterval() {
    return duration(POLL_INTERVAL);
  }

  /** The share of the interval by which each interval varies either way. */
  public double pollJitter() {
    return values.getDouble(POLL_JITTER);
  }

  public boolean unchangedAsFingerprints() {
    return values.getBoolean(POLL_UNCHANGED_AS_FINGERPRINTS);
  }

  public int pollConcurrency() {
    return values.getInt(POLL_CONCURRENCY);
  }

  public Map<String, Integer> integrationConcurrency() {
    return map(POLL_INTEGRATION_CONCURRENCY).entrySet().stream()
        .collect(
            Collectors.toUnmodifiableMap(
                Map.Entry::getKey, entry -> Validators.positiveInt(entry.getValue())));
  }

  public Map<String, Duration> integrationInterval() {
    return map(POLL_INTEGRATION_INTERVAL).entrySet().stream()
        .collect(
            Collectors.toUnmodifiableMap(
                Map.Entry::getKey, entry -> Durations.parse(entry.getValue())));
  }

  public TopicSettings topicSettings() {
    return new TopicSettings(
        values.getString(TOPICS_PREFIX),
        values.getInt(TOPICS_PARTITIONS),
        values.getShort(TOPICS_REPLICATION),
        duration(TOPICS_OBSERVATIONS_RETENTION),
        duration(TOPICS_EVENTS_RETENTION));
  }

  public DetectorSettings detectorSettings() {
    return new DetectorSettings(
        new DiffRules(
            Set.copyOf(values.getList(DETECTOR_QUIET_FIELDS)),
            DiffRules.defaults().quietLicenseActivity()),
        new RemovalGuardSettings(
            values.getDouble(DETECTOR_REMOVAL_GUARD_MAX_SHARE),
            values.getInt(DETECTOR_REMOVAL_GUARD_MIN_KNOWN_USERS),
            values.getInt(DETECTOR_REMOVAL_GUARD_CONFIRMATIONS)));
  }

  public IdentitySettings identitySettings() {
    return new IdentitySettings(
        values.getBoolean(IDENTITIES_ENABLED),
        values.getList(IDENTITIES_KEYS).stream().map(IdentityKeyKind::fromConfig).toList(),
        Set.copyOf(values.getList(IDENTITIES_IDP_INTEGRATIONS)),
        Pattern.compile(values.getString(IDENTITIES_ADMIN_ROLES)),
        values.getBoolean(IDENTITIES_LEAVER_ALERTS),
        duration(IDENTITIES_LEAVER_GRACE),
        values.getBoolean(IDENTITIES_ORPHAN_ALERTS),
        duration(IDENTITIES_ORPHAN_GRACE),
        values.getBoolean(IDENTITIES_ADMIN_WITHOUT_2FA_ALERTS),
        duration(IDENTITIES_SWEEP_INTERVAL));
  }

  public int opsPort() {
    return values.getInt(OPS_PORT);
  }

  /**
   * Where the ops server listens and its tokens.
   *
   * @throws ConfigProblems when it would listen beyond loopback with the status page open, and
   *     {@value #OPS_ALLOW_OPEN} does not say that is meant
   */
  public OpsSettings opsSettings() {
    String host = values.getString(OPS_HOST);
    Optional<BearerToken> pageToken = token(OPS_AUTH_TOKEN);
    if (pageToken.isEmpty() && !values.getBoolean(OPS_ALLOW_OPEN) && !HostNames.isLoopback(host)) {
      throw new ConfigProblems(
          List.of(
              OPS_HOST
                  + " = '"
                  + host
                  + "'"
                  + sources.where(OPS_HOST)
                  + ": listens beyond loopback with no "
                  + OPS_AUTH_TOKEN
                  + ", so the status page (people's emails) would be open to the network; set "
                  + OPS_AUTH_TOKEN
                  + " (or "
                  + OPS_AUTH_TOKEN_FILE
                  + "), or "
                  + OPS_ALLOW_OPEN
                  + "=true if the network keeps others out"));
    }
    return new OpsSettings(
        new InetSocketAddress(host, opsPort()), pageToken, token(OPS_METRICS_TOKEN));
  }

  private Optional<BearerToken> token(String key) {
    return Optional.ofNullable(values.getPassword(key))
        .map(Password::value)
        .filter(value -> !value.isBlank())
        .map(BearerToken::of);
  }

  public Duration shutdownTimeout() {
    return duration(SHUTDOWN_TIMEOUT);
  }

  public long detectorRocksDbMemory() {
    return values.getLong(DETECTOR_ROCKSDB_MEMORY);
  }

  /** Every key with its value in effect, secrets hidden: safe to log at start-up. */
  @Override
  public String toString() {
    Map<String, String> shown = new LinkedHashMap<>();
    for (ConfigDef.ConfigKey key : CONFIG_DEF.configKeys().values()) {
      Object value = values.values().get(key.name);
      shown.put(
          key.name,
          value == null
              ? null
              : key.type == Type.PASSWORD
                  ? Secrets.HIDDEN
                  : ConfigDef.convertToString(value, key.type));
    }
    kafkaClientProps.forEach(
        (key, value) -> {
          if (!KAFKA_BOOTSTRAP_SERVERS.equals(KAFKA_PREFIX + key)) {
            shown.put(
                KAFKA_PREFIX + key,
                KafkaClientSecrets.isSecret(key) ? Secrets.HIDDEN : value.toString());
          }
        });
    return "RosterConfig" + shown;
  }

  private Duration duration(String key) {
    return Durations.parse(values.getString(key));
  }

  private Map<String, String> map(String key) {
    return KeyValuePairs.parse(values.getString(key));
  }

  private static void define(
      String group,
      String name,
      Type type,
      Object defaultValue,
      Validator validator,
      Importance importance,
      String documentation) {
    int orderInGroup =
        (int)
            CONFIG_DEF.configKeys().values().stream()
                .filter(key -> group.equals(key.group))
                .count();
    CONFIG_DEF.define(
        name,
        type,
        defaultValue,
        validator,
        importance,
        documentation,
        group,
        orderInGroup + 1,
        Width.MEDIUM,
        name);
  }

  /**
   * Validates everything at once, so that one start-up reports every mistake: secret files first,
   * then each key, then what keys mean together (where a secret may travel).
   */
  private static RosterConfig validated(ConfigSources given) {
    SecretFiles.Resolved resolved = SecretFiles.resolve(given, SECRET_KEYS.keySet());
    ConfigSources sources = resolved.sources();
    Map<String, String> declared = new LinkedHashMap<>();
    Map<String, String> kafka = new LinkedHashMap<>();
    List<String> unknownKeys = new ArrayList<>();
    sources
        .values()
        .forEach(
            (key, value) -> {
              if (CONFIG_DEF.names().contains(key)) {
                declared.put(key, value);
              } else if (!key.startsWith(KAFKA_PREFIX) || key.length() == KAFKA_PREFIX.length()) {
                // Never the value: an unknown key may be a mistyped secret.
                unknownKeys.add(
                    key
                        + sources.where(key)
                        + ": not a Roster configuration key (the keys are listed in"
                        + " config/roster.properties; Kafka client settings take the prefix kafka.)");
              }
              if (key.startsWith(KAFKA_PREFIX) && key.length() > KAFKA_PREFIX.length()) {
                kafka.put(key.substring(KAFKA_PREFIX.length()), value);
              }
            });
    Map<String, ConfigValue> results = CONFIG_DEF.validateAll(declared);
    List<String> keyProblems = new ArrayList<>(resolved.problems());
    for (ConfigDef.ConfigKey key : CONFIG_DEF.configKeys().values()) {
      List<String> errors = results.get(key.name).errorMessages();
      if (!errors.isEmpty()) {
        // Kafka adds follow-on errors (a value that did not parse is then "null"): the first is the
        // cause.
        keyProblems.add(problem(sources, key, declared.get(key.name), errors.get(0)));
      }
    }
    keyProblems.addAll(secretProblems(sources));
    keyProblems.addAll(unknownKeys);
    if (!keyProblems.isEmpty()) {
      throw new ConfigProblems(keyProblems);
    }
    AbstractConfig values = new AbstractConfig(CONFIG_DEF, declared, false);
    List<String> transportProblems = plainHttpProblems(values, sources);
    if (!transportProblems.isEmpty()) {
      throw new ConfigProblems(transportProblems);
    }
    kafka.put(
        KAFKA_BOOTSTRAP_SERVERS.substring(KAFKA_PREFIX.length()),
        String.join(",", values.getList(KAFKA_BOOTSTRAP_SERVERS)));
    return new RosterConfig(given, values, kafka);
  }

  /**
   * Secrets holding characters no real secret holds (see {@link Secrets#flaw}), refused here, where
   * the problem can name the key: later they would fail deep in a client, with an error that may
   * quote them.
   */
  private static List<String> secretProblems(ConfigSources sources) {
    List<String> problems = new ArrayList<>();
    sources
        .values()
        .forEach(
            (key, value) -> {
              Secrets.Charset charset = SECRET_KEYS.get(key);
              if (charset == null
                  && key.startsWith(KAFKA_PREFIX)
                  && KafkaClientSecrets.isSecret(key.substring(KAFKA_PREFIX.length()))) {
                charset = Secrets.Charset.MULTI_LINE;
              }
              if (charset != null && value != null) {
                Secrets.flaw(value, charset)
                    .ifPresent(
                        flaw ->
                            problems.add(
                                key
                                    + " = '"
                                    + Secrets.HIDDEN
                                    + "'"
                                    + sources.where(key)
                                    + ": "
                                    + flaw));
              }
            });
    return problems;
  }

  /**
   * A secret over plain http:// to anything but loopback can be read on the way: refused unless the
   * operator said otherwise for that destination.
   */
  private static List<String> plainHttpProblems(AbstractConfig values, ConfigSources sources) {
    List<String> problems = new ArrayList<>();
    URI truto = URI.create(values.getString(TRUTO_BASE_URL));
    if (isSet(values.getPassword(TRUTO_API_TOKEN))
        && !values.getBoolean(TRUTO_ALLOW_INSECURE)
        && PlainHttp.exposesSecretsTo(truto)) {
      problems.add(
          TRUTO_BASE_URL
              + " = '"
              + truto
              + "'"
              + sources.where(TRUTO_BASE_URL)
              + ": would send the API token"
              + " unencrypted over http:// to "
              + truto.getHost()
              + ", which is not loopback; use https://, or set "
              + TRUTO_ALLOW_INSECURE
              + "=true if the path to it is protected otherwise");
    }
    if (isSet(values.getPassword(SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO))
        && !values.getBoolean(SCHEMA_REGISTRY_ALLOW_INSECURE)) {
      RegistryClientConfig.of(values.getString(SCHEMA_REGISTRY_URL)).urls().stream()
          .filter(PlainHttp::exposesSecretsTo)
          .forEach(
              registry ->
                  problems.add(
                      SCHEMA_REGISTRY_URL
                          + " = '"
                          + values.getString(SCHEMA_REGISTRY_URL)
                          + "'"
                          + sources.where(SCHEMA_REGISTRY_URL)
                          + ": would send the basic-auth credentials ("
                          + SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO
                          + ") unencrypted over http:// to "
                          + registry.getHost()
                          + ", which is not loopback; use https://, or set "
                          + SCHEMA_REGISTRY_ALLOW_INSECURE
                          + "=true if the path to it is protected otherwise"));
    }
    return problems;
  }

  private static boolean isSet(Password secret) {
    return secret != null && !secret.value().isBlank();
  }

  private static String problem(
      ConfigSources sources, ConfigDef.ConfigKey key, String value, String error) {
    String shown =
        value == null
            ? " (not set)"
            : " = '"
                + (key.type == Type.PASSWORD
                    ? Secrets.HIDDEN
                    : ADDRESS_KEYS.contains(key.name) ? Secrets.withoutUserInfo(value) : value)
                + "'";
    String reason = KAFKA_MESSAGE_PREFIX.matcher(error).replaceFirst("");
    return key.name + shown + sources.where(key.name) + ": " + reason;
  }
}
