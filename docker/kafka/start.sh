#!/usr/bin/env bash
# Entrypoint of the kafka container (apache/kafka image): formats the KRaft storage on first start
# with the SCRAM-SHA-512 credentials of the super user "admin" (kafka-storage.sh format --add-scram;
# SCRAM users can only be created through a running broker, so the first one is bootstrapped), gives
# the broker that login for its own SASL listener, writes the admin client settings the health check
# and docker/kafka/init.sh use, then runs the image's own start script (which renders the KAFKA_*
# variables to server.properties and finds the storage already formatted).
# Needs EVENTBANK_KAFKA_ADMIN_PASSWORD (not KAFKA_*: the image would copy it into server.properties).
set -euo pipefail

: "${EVENTBANK_KAFKA_ADMIN_PASSWORD:?EVENTBANK_KAFKA_ADMIN_PASSWORD is required (docker/compose.env)}"
: "${CLUSTER_ID:?CLUSTER_ID is required}"
admin_login="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$EVENTBANK_KAFKA_ADMIN_PASSWORD\";"

# The broker's own credentials on the INTERNAL listener (inter-broker traffic).
export KAFKA_LISTENER_NAME_INTERNAL_SCRAM___SHA___512_SASL_JAAS_CONFIG="$admin_login"

umask 077
# Admin client settings: the health check and the ACL set-up connect as admin.
cat > /tmp/admin.properties <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=$admin_login
PROPERTIES

# The server settings as the image renders them (KAFKA_FOO_BAR -> foo.bar, ___ -> -, __ -> _),
# for the format step only; the image writes its own copy before it starts the broker.
format_config=$(mktemp)
for name in $(compgen -e); do
  case "$name" in
    KAFKA_*_OPTS | KAFKA_JMX_* | KAFKA_LOG4J_* | KAFKA_TOOLS_* | KAFKA_VERSION | KAFKA_HOME) continue ;;
    KAFKA_*)
      key=${name#KAFKA_}
      key=${key,,}
      key=${key//___/-}
      key=${key//__/$'\x01'}
      key=${key//_/.}
      key=${key//$'\x01'/_}
      printf '%s=%s\n' "$key" "${!name}" >> "$format_config"
      ;;
  esac
done

if /opt/kafka/bin/kafka-storage.sh format --ignore-formatted --cluster-id "$CLUSTER_ID" --config "$format_config" \
  --add-scram "SCRAM-SHA-512=[name=admin,password=$EVENTBANK_KAFKA_ADMIN_PASSWORD]"; then
  rm -f "$format_config"
else
  rm -f "$format_config"
  echo "kafka-start: formatting the storage failed" >&2
  exit 1
fi

exec /etc/kafka/docker/run
