# Sourced by deploy/local/stack: the secured stack of spec §9 (`deploy/local/stack up --secure`).
#
# Elasticsearch: security on, TLS on HTTP (and transport) with a CA and certificates made by the distribution's own
# elasticsearch-certutil, a self-generated trial licence (the basic licence has no document-level security), the file
# realm only (the built-in users of the reserved realm and the native realm need the security index, which this
# distribution's modules do not serve), and the roles of roles.yml:
#   creditwatch-writer   creates and writes cw-* and their templates (manage on cw-*: the job puts mappings on
#                        existing indices), reads nothing
#   monitoring-centre    reads every cw-* index
#   inspector-REGION     reads the documents of its region only (document-level security on regionCode) in the
#                        indices an inspectorate may see; not cw-rejects, not cw-model-changes; writes nothing
#   spot-check-planner   the demo's spot-check plan: reads the assessments, records plans in cw-spot-check-plans
# Kafka: SASL_SSL with SCRAM-SHA-512 on the client listener (the broker's certificate signed by the same CA), the
# controller listener SASL_PLAINTEXT (PLAIN) on loopback, StandardAuthorizer with ACLs: each source system writes only
# its own input topic, the job reads the inputs and cw.models and writes cw.warnings and cw.rejects with consumer
# groups named creditwatch*, the notifier reads cw.warnings; nobody else reads cw.complaints.
#
# Secrets: generated at the first `up --secure` into $STACK/secrets (mode 700), each file mode 600 and owned by the
# user that runs the stack (Elasticsearch's own key: by the Elasticsearch user); no password is ever an argument of
# a command (they pass through files and standard input), printed or logged. `down` deletes them with the data.
#   secrets/ca.crt                          the CA certificate clients verify (public)
#   secrets/elasticsearch/USER.password     an Elasticsearch user's password
#   secrets/kafka/USER.properties           a Kafka user's client configuration (SASL_SSL, SCRAM, the CA), the
#                                           file for `creditwatch run|produce --kafka-config`
#   secrets/kafka/USER.password             the same user's password alone

readonly SECURE_MARKER="$STACK/secure"
readonly SECRETS="$STACK/secrets"
readonly CA_CERT="$SECRETS/ca.crt"
readonly ES_CERTS="$ES_HOME/config/certs"
# The inspectorates of the local stack: the districts and counties of Hohhot that the generator uses.
readonly INSPECTORATES=(150102 150103 150104 150105 150121 150122 150123 150124 150125)
readonly ES_USERS=(creditwatch-writer monitoring-centre spot-check-planner "${INSPECTORATES[@]/#/inspector-}")
readonly SOURCE_TOPICS=(cw.enterprise cw.credit-records cw.complaints cw.sampling-results cw.inspections)
readonly KAFKA_USERS=(admin creditwatch-job source-enterprise source-credit-records source-complaints
  source-sampling-results source-inspections models-publisher notifier)
readonly KAFKA_SCRAM=SCRAM-SHA-512

secure=false
# The mode of this stack directory: secured once `up --secure` has set it up, until `down`.
if [[ -f "$SECURE_MARKER" ]]; then secure=true; fi

# A password of 32 URL-safe characters, into a file of its own (mode 600); kept if it exists.
secret_password() {
  local file=$1 password
  [[ -s "$file" ]] && return 0
  password="$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')"
  (umask 077 && printf '%s' "$password" >"$file")
}

# The CA and the certificates of the Elasticsearch node and the Kafka broker, made once by elasticsearch-certutil.
secure_certificates() {
  [[ -s "$CA_CERT" && -s "$SECRETS/kafka/broker.pem" && -s "$SECRETS/certs/node.key" ]] && return 0
  local work="$SECRETS/certs"
  command -v openssl >/dev/null ||
    die "openssl not found: it converts the broker's key for Kafka (apt-get install openssl)"
  rm -rf "$work" && (umask 077 && mkdir -p "$work")
  log "generating a CA and certificates for 127.0.0.1/localhost (elasticsearch-certutil)"
  local -a certutil=(env ES_JAVA_HOME="$ES_JAVA" ES_PATH_CONF="$ES_HOME/config" "$ES_HOME/bin/elasticsearch-certutil")
  "${certutil[@]}" ca --pem --silent --days 3650 --out "$work/ca.zip" >"$STACK/logs/certutil.out" 2>&1 9>&- ||
    { show_logs "$STACK/logs/certutil.out"; die "elasticsearch-certutil could not make the CA"; }
  (cd "$work" && "$ES_JAVA/bin/jar" xf ca.zip) && rm "$work/ca.zip"
  cat >"$work/instances.yml" <<'EOF'
instances:
  - name: node
    ip: [127.0.0.1]
    dns: [localhost]
  - name: kafka
    ip: [127.0.0.1]
    dns: [localhost]
EOF
  "${certutil[@]}" cert --pem --silent --days 3650 --ca-cert "$work/ca/ca.crt" --ca-key "$work/ca/ca.key" \
    --in "$work/instances.yml" --out "$work/certs.zip" >>"$STACK/logs/certutil.out" 2>&1 9>&- ||
    { show_logs "$STACK/logs/certutil.out"; die "elasticsearch-certutil could not make the certificates"; }
  (cd "$work" && "$ES_JAVA/bin/jar" xf certs.zip) && rm "$work/certs.zip"
  cp "$work/ca/ca.crt" "$CA_CERT" && chmod 644 "$CA_CERT"
  mv "$work/node/node.key" "$work/node/node.crt" "$work/"
  # Kafka reads an unencrypted key only in PKCS#8; certificate, then key, in one PEM keystore file.
  (umask 077 && openssl pkcs8 -topk8 -nocrypt -in "$work/kafka/kafka.key" |
    cat "$work/kafka/kafka.crt" - >"$SECRETS/kafka/broker.pem")
  rm -rf "$work/kafka" "$work/node" "$work/instances.yml"
  chmod -R go-rwx "$work"
}

# Kafka client configuration for one user: what `--kafka-config` and `--command-config` read.
kafka_client_config() {
  local user=$1 password
  password="$(cat "$SECRETS/kafka/$user.password")"
  (umask 077 && cat >"$SECRETS/kafka/$user.properties" <<EOF
# Generated by deploy/local/stack up --secure: the Kafka user $user. Secret: readable by its owner only.
bootstrap.servers=$KAFKA_ADDRESS
security.protocol=SASL_SSL
sasl.mechanism=$KAFKA_SCRAM
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$user" password="$password";
ssl.truststore.type=PEM
ssl.truststore.location=$CA_CERT
EOF
  )
}

# Everything secret, once: passwords, certificates, client configurations, Elasticsearch's users and roles files.
secure_setup() {
  [[ -f "$SECURE_MARKER" && -s "$ES_HOME/config/users" ]] && return 0
  if [[ ! -f "$SECURE_MARKER" && -f "$KAFKA_DATA/meta.properties" ]]; then
    die "this stack ($STACK) runs without security: 'deploy/local/stack down' first (it deletes the data)," \
      "or set CREDITWATCH_STACK_DIR to another directory"
  fi
  (umask 077 && mkdir -p "$SECRETS/elasticsearch" "$SECRETS/kafka")
  chmod 700 "$SECRETS"
  local user
  for user in "${ES_USERS[@]}"; do secret_password "$SECRETS/elasticsearch/$user.password"; done
  for user in "${KAFKA_USERS[@]}"; do
    secret_password "$SECRETS/kafka/$user.password"
    kafka_client_config "$user"
  done
  secure_certificates
  es_write_users
  touch "$SECURE_MARKER"
}

# The file realm: bcrypt hashes of the passwords (hashed by Elasticsearch's own code, reading the password files),
# each user with the role of its name, and roles.yml.
es_write_users() {
  local config="$ES_HOME/config" user region
  local -a files=()
  for user in "${ES_USERS[@]}"; do files+=("$user=$SECRETS/elasticsearch/$user.password"); done
  (umask 077 && "$ES_JAVA/bin/java" -cp "$ES_HOME/lib/*:$ES_HOME/modules/x-pack-core/*" \
    "$HERE/HashPasswords.java" "${files[@]}" >"$config/users.new" 2>"$STACK/logs/hash-passwords.out" 9>&-) ||
    { show_logs "$STACK/logs/hash-passwords.out"; die "hashing the Elasticsearch passwords failed"; }
  mv "$config/users.new" "$config/users"
  : >"$config/users_roles"
  for user in "${ES_USERS[@]}"; do echo "$user:$user" >>"$config/users_roles"; done
  {
    cat <<'EOF'
# Generated by deploy/local/stack up --secure (spec §9).
creditwatch-writer:
  # the job installs the index templates (reading the installed ones to compare) and writes the cw-* indices;
  # manage: it puts new mappings on existing indices. No read privilege on any index.
  cluster: [manage_index_templates, monitor]
  indices:
    - names: ['cw-*']
      privileges: [create_index, write, manage]
monitoring-centre:
  cluster: [monitor]
  indices:
    - names: ['cw-*']
      privileges: [read, view_index_metadata]
spot-check-planner:
  # `creditwatch plan --from-es` (spec §10): reads the classes (a point-in-time scan), records each plan once (create;
  # delete only to take back a plan it could not record whole); nothing else
  indices:
    - names: [cw-enterprise-risk, cw-risk-history]
      privileges: [read, view_index_metadata]
    - names: [cw-spot-check-plans]
      privileges: [read, view_index_metadata, create_index, create_doc, delete]
EOF
    for region in "${INSPECTORATES[@]}"; do
      cat <<EOF
inspector-$region:
  # only the documents of its region (document-level security); not cw-rejects, not cw-model-changes
  indices:
    - names: [cw-enterprise-risk, cw-risk-history, cw-warnings, cw-spot-check-plans, cw-inspection-outcomes]
      privileges: [read, view_index_metadata]
      query: '{"terms": {"regionCode": ["$region"]}}'
EOF
    done
  } >"$config/roles.yml"
  # (as root, es_prepare_user gives the config directory to Elasticsearch's user before it starts)
  chmod 600 "$config/users" "$config/users_roles"
}

# Elasticsearch's security settings, appended to elasticsearch.yml; its key and certificates copied where it reads
# them (its config directory), owned by its user.
es_secure_config() {
  mkdir -p "$ES_CERTS"
  cp "$SECRETS/certs/node.key" "$SECRETS/certs/node.crt" "$CA_CERT" "$ES_CERTS/"
  if ((EUID == 0)); then chown -R "$ES_USER:$ES_USER" "$ES_CERTS"; fi
  chmod 700 "$ES_CERTS" && chmod 600 "$ES_CERTS/node.key"
  cat >>"$ES_HOME/config/elasticsearch.yml" <<'EOF'
# Secured (deploy/local/stack up --secure, spec §9).
# Document-level security needs more than the basic licence: a self-generated trial (offline, 30 days).
xpack.license.self_generated.type: trial
xpack.security.http.ssl.enabled: true
xpack.security.http.ssl.key: certs/node.key
xpack.security.http.ssl.certificate: certs/node.crt
xpack.security.http.ssl.certificate_authorities: [certs/ca.crt]
xpack.security.transport.ssl.enabled: true
xpack.security.transport.ssl.verification_mode: certificate
xpack.security.transport.ssl.key: certs/node.key
xpack.security.transport.ssl.certificate: certs/node.crt
xpack.security.transport.ssl.certificate_authorities: [certs/ca.crt]
# Users and roles from files only: no built-in users (their passwords would live in the security index).
xpack.security.authc.reserved_realm.enabled: false
xpack.security.authc.realms.file.file.order: 0
EOF
}

# curl with the CA and the monitoring centre's credentials, given on standard input (never on the command line).
es_curl_secure() {
  local password
  password="$(cat "$SECRETS/elasticsearch/monitoring-centre.password")"
  printf 'user = "monitoring-centre:%s"\n' "$password" | curl -K - --cacert "$CA_CERT" "$@"
}

# The broker's security settings, appended to server.properties (which therefore is readable by its owner only).
kafka_secure_config() {
  local admin
  admin="$(cat "$SECRETS/kafka/admin.password")"
  chmod 600 "$KAFKA_CONFIG/server.properties"
  sed -i -e "s|^listeners=.*|listeners=SASL_SSL://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT|" \
    -e "s|^advertised.listeners=.*|advertised.listeners=SASL_SSL://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT|" \
    -e "s|^inter.broker.listener.name=.*|inter.broker.listener.name=SASL_SSL|" \
    -e "s|^listener.security.protocol.map=.*|listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,SASL_SSL:SASL_SSL|" \
    "$KAFKA_CONFIG/server.properties"
  cat >>"$KAFKA_CONFIG/server.properties" <<EOF
# Secured (deploy/local/stack up --secure, spec §9).
sasl.enabled.mechanisms=$KAFKA_SCRAM
sasl.mechanism.inter.broker.protocol=$KAFKA_SCRAM
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$admin";
# SCRAM credentials live in the metadata log, which a controller cannot read before it runs: PLAIN on loopback.
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$admin" user_admin="$admin";
ssl.keystore.type=PEM
ssl.keystore.location=$SECRETS/kafka/broker.pem
# the broker is a client of its own listener (inter-broker requests): it verifies the CA too
ssl.truststore.type=PEM
ssl.truststore.location=$CA_CERT
ssl.client.auth=none
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:admin
allow.everyone.if.no.acl.found=false
EOF
}

# Formats the broker's storage with the SCRAM credentials of every user (the tool runs in-process, reading the
# password files, so that no password is ever a command line argument).
kafka_format_secure() {
  local -a users=()
  local user
  for user in "${KAFKA_USERS[@]}"; do users+=("$user=$SECRETS/kafka/$user.password"); done
  kafka_tool "$HERE/FormatWithScram.java" "$KAFKA_SCRAM" "$KAFKA_CONFIG/server.properties" "$(kafka_cluster_id)" \
    "${users[@]}"
}

# The ACLs of spec §9, once per formatted storage (they live in the metadata log).
kafka_acls() {
  local done_marker="$KAFKA_DATA/.acls" failed=0 pid source
  [[ -f "$done_marker" ]] && return 0
  log "creating the Kafka ACLs"
  local -a pids=() inputs=()
  for source in "${SOURCE_TOPICS[@]}"; do inputs+=(--topic "$source"); done
  acl() { kafka_tool org.apache.kafka.tools.AclCommand --bootstrap-server "$KAFKA_ADDRESS" \
    --command-config "$SECRETS/kafka/admin.properties" --add --force "$@" >/dev/null & pids+=($!); }
  for source in "${SOURCE_TOPICS[@]}"; do
    acl --allow-principal "User:source-${source#cw.}" --operation Write --operation Describe --topic "$source"
  done
  acl --allow-principal User:creditwatch-job --operation Read --operation Describe "${inputs[@]}" --topic cw.models
  acl --allow-principal User:creditwatch-job --operation Write --operation Describe --topic cw.warnings \
    --topic cw.rejects
  acl --allow-principal User:creditwatch-job --operation Read --group creditwatch --resource-pattern-type prefixed
  acl --allow-principal User:models-publisher --operation Write --operation Describe --operation Create \
    --topic cw.models
  acl --allow-principal User:notifier --operation Read --operation Describe --topic cw.warnings
  acl --allow-principal User:notifier --operation Read --group notifier --resource-pattern-type prefixed
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  ((failed == 0)) || die "creating the Kafka ACLs failed (see above)"
  touch "$done_marker"
}
