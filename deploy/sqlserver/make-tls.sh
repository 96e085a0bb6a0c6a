#!/usr/bin/env bash
# Makes a private CA and a certificate for the host name "sqlserver" (the compose service) in deploy/sqlserver/tls/.
# A hospital uses a certificate from its own CA instead: put server.crt, server.key and ca.crt there.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p tls && cd tls
openssl req -x509 -newkey rsa:3072 -nodes -days 825 -subj "/CN=Monitoring evaluation CA" -keyout ca.key -out ca.crt
openssl req -newkey rsa:3072 -nodes -subj "/CN=sqlserver" -addext "subjectAltName=DNS:sqlserver" -keyout server.key -out server.csr
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 -copy_extensions copy -out server.crt
chmod 0600 server.key ca.key
echo "Made $(pwd)/{ca.crt,server.crt,server.key}."
echo "SQL Server in its container runs as uid 10001: sudo chown 10001 $(pwd)/server.key"
