#!/usr/bin/env bash
# One-shot set-up of the kafka container's users, topics and ACLs (the kafka-init service of
# docker-compose.yml; the services start only after it exits 0). Connects as the super user admin
# and is safe to run again: users get their current password, existing topics and ACLs stay.
#
# One SCRAM-SHA-512 user per service. The broker denies whatever no ACL allows
# (allow.everyone.if.no.acl.found=false), and the ACLs allow each service only:
#   WRITE on the topic of the aggregate it publishes, DESCRIBE on that topic's -dlt (it declares it);
#   READ on every topic it consumes, WRITE on their -dlt topics (its subscriptions dead-letter there);
#   READ on its consumer group (the subscriber id of its EventSubscription).
# No service creates topics: they are created here (partitions 4, unlimited retention, as
# eventbank.eventstore.topics.* would create them).
#   service_user USER PASSWORD OWN_TOPIC CONSUMED_TOPICS(comma-separated) GROUP
set -euo pipefail

: "${EVENTBANK_KAFKA_ADMIN_PASSWORD:?EVENTBANK_KAFKA_ADMIN_PASSWORD is required (docker/compose.env)}"
bootstrap=${KAFKA_BOOTSTRAP:-kafka:9092}
partitions=${EVENTBANK_TOPIC_PARTITIONS:-4}
bin=/opt/kafka/bin

umask 077
admin=$(mktemp)
trap 'rm -f "$admin"' EXIT
cat > "$admin" <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$EVENTBANK_KAFKA_ADMIN_PASSWORD";
PROPERTIES

topic() {
  "$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --command-config "$admin" --create --if-not-exists \
    --topic "$1" --partitions "$partitions" --replication-factor 1 --config retention.ms=-1
}

acl() { # PRINCIPAL OPERATION RESOURCE-TYPE NAME
  "$bin/kafka-acls.sh" --bootstrap-server "$bootstrap" --command-config "$admin" --add \
    --allow-principal "User:$1" --operation "$2" "--$3" "$4" > /dev/null
}

service_user() {
  local user=$1 password=$2 own=$3 consumed=$4 group=$5 topic
  if [ -z "$password" ]; then
    echo "kafka-init: no password for $user (docker/compose.env)" >&2
    exit 1
  fi
  "$bin/kafka-configs.sh" --bootstrap-server "$bootstrap" --command-config "$admin" --alter \
    --entity-type users --entity-name "$user" --add-config "SCRAM-SHA-512=[password=$password]" > /dev/null
  if [ "$own" != - ]; then
    acl "$user" Write topic "$own"
    acl "$user" Describe topic "$own"
    acl "$user" Describe topic "$own-dlt"
  fi
  IFS=',' read -r -a topics <<< "$consumed"
  for topic in "${topics[@]}"; do
    acl "$user" Read topic "$topic"
    acl "$user" Describe topic "$topic"
    acl "$user" Write topic "$topic-dlt"
    acl "$user" Describe topic "$topic-dlt"
  done
  acl "$user" Read group "$group"
  echo "kafka-init: $user writes ${own}, reads ${consumed} as group $group"
}

for name in eventbank.Account eventbank.MoneyTransfer; do
  topic "$name"
  topic "$name-dlt"
done

service_user accounts-service "${EVENTBANK_KAFKA_ACCOUNTS_PASSWORD:-}" eventbank.Account eventbank.MoneyTransfer accounts-service
service_user transfers-service "${EVENTBANK_KAFKA_TRANSFERS_PASSWORD:-}" eventbank.MoneyTransfer eventbank.Account transfers-service
service_user account-view-service "${EVENTBANK_KAFKA_VIEW_PASSWORD:-}" - eventbank.Account,eventbank.MoneyTransfer account-view-service
echo "kafka-init: done"
