using AgentSetFn.Api;

namespace AgentSetFn.Rendering;

/// <summary>
/// The shell scripts of the S3 restore and backup containers. They are constant text: every
/// user value (bucket, prefix, paths) reaches them as an environment variable and is used as
/// data, never spliced into code, so a path cannot inject a command. The same text runs in the
/// pod and in the tests (which point AGENTSET_HOME at a temporary directory).
///
/// Environment they read:
///   AGENTSET_HOME        the agent's $HOME on the shared volume
///   AGENTSET_S3_URI      s3://bucket/prefix (no trailing slash)
///   AGENTSET_PATHS       newline-separated paths relative to $HOME; a trailing / marks a directory
///   AGENTSET_EXCLUDE     newline-separated paths left out of restore and backup
///   AGENTSET_SYNC_INTERVAL  seconds between periodic backups (backup loop only)
///   AGENTSET_S3_CREDENTIALS_DIR  optional: read AWS keys from files here (preStop mode)
///   AWS_ENDPOINT_URL (also passed as --endpoint-url), AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: as the AWS CLI reads them
///
/// Every S3 request is bounded (connect and read timeouts, a fixed number of attempts), so
/// the final backup has a known worst case that the pod's grace period can be checked against
/// (the bounds are in <see cref="GracePeriod"/>).
/// </summary>
internal static class PersistenceScripts
{
    /// <summary>What the backup prints after each successful sync, followed by the S3 URI: the line that confirms a login is backed up.</summary>
    public const string SyncedLine = "agentset-backup: synced to";

    /// <summary>Written by a successful restore; a backup without it refuses to run.</summary>
    public const string RestoredMarker = ".agentset-restored";

    // Builds the aws s3 filter arguments as positional parameters: exclude everything, then
    // include each path (a directory's contents, or a file and a directory of that name), then
    // exclude the excludes. Later filters win in the AWS CLI. `set -f` and a newline IFS make
    // each line one argument, spaces and unicode included, with no globbing.
    private static readonly string Prelude = $$"""
        set -u
        : "${AGENTSET_HOME:?AGENTSET_HOME is not set}" "${AGENTSET_S3_URI:?AGENTSET_S3_URI is not set}"
        # Bounded retries: with the timeouts below, one request gives up after a known time.
        export AWS_RETRY_MODE=standard AWS_MAX_ATTEMPTS={{GracePeriod.MaxAttempts}}
        where="$AGENTSET_S3_URI (endpoint ${AWS_ENDPOINT_URL:-AWS default}, region ${AWS_REGION:-default})"
        if [ -n "${AGENTSET_S3_CREDENTIALS_DIR:-}" ]; then
          {{SecretKeys.AwsAccessKeyId}}="$(cat "$AGENTSET_S3_CREDENTIALS_DIR/{{SecretKeys.AwsAccessKeyId}}")" || exit 1
          {{SecretKeys.AwsSecretAccessKey}}="$(cat "$AGENTSET_S3_CREDENTIALS_DIR/{{SecretKeys.AwsSecretAccessKey}}")" || exit 1
          export {{SecretKeys.AwsAccessKeyId}} {{SecretKeys.AwsSecretAccessKey}}
        fi
        if [ -n "${AWS_ENDPOINT_URL:-}" ]; then
          # S3-compatible stores (MinIO) want path-style addressing.
          export AWS_CONFIG_FILE="${AWS_CONFIG_FILE:-${TMPDIR:-/tmp}/agentset-aws/config}"
          mkdir -p "$(dirname "$AWS_CONFIG_FILE")"
          printf '[default]\ns3 =\n  addressing_style = path\n' > "$AWS_CONFIG_FILE"
        fi
        set -f
        set -- --exclude '*'
        IFS='
        '
        for p in ${AGENTSET_PATHS:-}; do
          case "$p" in
            */) set -- "$@" --include "${p}*" ;;
            *) set -- "$@" --include "$p" --include "$p/*" ;;
          esac
        done
        for p in ${AGENTSET_EXCLUDE:-}; do
          case "$p" in
            */) set -- "$@" --exclude "${p}*" ;;
            *) set -- "$@" --exclude "$p" --exclude "$p/*" ;;
          esac
        done
        unset IFS
        set +f
        # Passed as a flag too: AWS CLI releases before 2.13 ignore AWS_ENDPOINT_URL.
        if [ -n "${AWS_ENDPOINT_URL:-}" ]; then
          set -- --endpoint-url "$AWS_ENDPOINT_URL" "$@"
        fi
        set -- --cli-connect-timeout {{GracePeriod.ConnectTimeoutSeconds}} --cli-read-timeout {{GracePeriod.ReadTimeoutSeconds}} "$@"

        """;

    /// <summary>
    /// Init container: copy the persisted paths from S3 into $HOME. Any S3 failure exits non-zero
    /// so the pod does not start logged out (Kubernetes retries the init container). An empty
    /// prefix (first boot) is a successful sync of nothing. Files are created 0600.
    /// </summary>
    public static readonly string Restore = Prelude + $$"""
        umask 077
        mkdir -p "$AGENTSET_HOME"
        echo "agentset-restore: restoring from $where into $AGENTSET_HOME"
        if ! aws s3 sync "$AGENTSET_S3_URI/" "$AGENTSET_HOME/" --no-progress --only-show-errors "$@"; then
          echo "agentset-restore: failed to restore from $where; the pod will retry" >&2
          exit 1
        fi
        : > "$AGENTSET_HOME/{{RestoredMarker}}"
        echo "agentset-restore: done"

        """;

    // Uploads the persisted paths. Never --delete: a file missing locally is never removed
    // from the bucket, so a broken or empty home can not wipe a good backup.
    private const string BackupFunction = $$"""
        if [ ! -f "$AGENTSET_HOME/{{RestoredMarker}}" ]; then
          echo "agentset-backup: $AGENTSET_HOME was not restored from S3; refusing to back it up over $where" >&2
          exit 1
        fi
        backup() {
          if aws s3 sync "$AGENTSET_HOME/" "$AGENTSET_S3_URI/" --no-progress --only-show-errors "$@"; then
            echo "{{SyncedLine}} $where"
          else
            echo "agentset-backup: sync to $where failed; will retry" >&2
            return 1
          fi
        }

        """;

    // The renderer always sets AGENTSET_SYNC_INTERVAL; the fallback is for running the script by hand.
    private static readonly int DefaultSyncInterval = AgentSetApi.S3.SyncIntervalSeconds.DefaultValue;

    /// <summary>
    /// Native sidecar: back up every AGENTSET_SYNC_INTERVAL seconds; a failed round is logged and
    /// retried next round. SIGTERM (the pod stopping) runs a last backup before exiting.
    /// </summary>

    public static readonly string BackupLoop = Prelude + BackupFunction + $$"""
        trap 'backup "$@"; exit 0' TERM INT
        echo "agentset-backup: backing up to $where every ${AGENTSET_SYNC_INTERVAL:-{{DefaultSyncInterval}}}s"
        while :; do
          sleep "${AGENTSET_SYNC_INTERVAL:-{{DefaultSyncInterval}}}" &
          wait $!
          backup "$@"
        done

        """;

    /// <summary>One final backup: the sidecar's preStop hook, or the agent's in preStop mode.</summary>
    public static readonly string BackupOnce = Prelude + BackupFunction + """
        backup "$@"

        """;

    /// <summary>
    /// Clones $AGENTSET_GIT_REPO (at $AGENTSET_GIT_REF when set) into $AGENTSET_WORKSPACE,
    /// shallow. A clone left by an earlier start (a persistent home) is kept as it is.
    /// </summary>
    public const string GitClone = """
        set -eu
        if [ -d "$AGENTSET_WORKSPACE/.git" ]; then
          echo "agentset: $AGENTSET_WORKSPACE already holds a clone; keeping it"
          exit 0
        fi
        set -- --depth 1 --single-branch
        if [ -n "${AGENTSET_GIT_REF:-}" ]; then set -- "$@" --branch "$AGENTSET_GIT_REF"; fi
        exec git clone "$@" -- "$AGENTSET_GIT_REPO" "$AGENTSET_WORKSPACE"
        """;

    /// <summary>
    /// A git credential helper that answers with the token from a file: cat writes it to git,
    /// so it is never an argument of any process, nor in the URL or the environment.
    /// </summary>
    public static string GitCredentialHelper(string tokenFile) =>
        $"!f() {{ test \"$1\" = get || exit 0; echo username=x-access-token; printf password=; cat {tokenFile}; echo; }}; f";
}
