#!/bin/sh
# Used by `make run`: creates three demo log-ins in a fresh database, with a
# random password kept in var/demo-logins.txt (readable only by you), and
# prints how to log in. Does nothing to an existing user.
set -eu
klikd=$1
db=$2
url=http://${3:-127.0.0.1:8080}
logins=$(dirname "$db")/demo-logins.txt

if [ ! -f "$logins" ]; then
    pw=$(head -c 18 /dev/urandom | base64 | tr -d '/+=' | cut -c1-16)
    umask 077
    {
        echo "password=$pw"
    } >"$logins"
fi
pw=$(sed -n 's/^password=//p' "$logins")

add() { # email name org type [projects...]
    email=$1 name=$2 org=$3 type=$4
    shift 4
    set -- "$@"
    projects=""
    for p in "$@"; do projects="$projects --project $p"; done
    # shellcheck disable=SC2086
    printf '%s\n' "$pw" | "$klikd" user add --db "$db" --email "$email" --name "$name" \
        --org "$org" --type "$type" $projects >/dev/null 2>&1 || true
}

add kombit@kombit.dk "Karen KOMBIT" kombit admin
add klik-admin@kk.dk "Anne Andersen" 101 admin KY:plus FBS:plus
add projektleder@kk.dk "Peter Poulsen" 101 member KY:plus FBS:laeser

cat <<MSG

klikd kører på $url/ (Ctrl-C stopper).
Log ind på $url/log-ind med adgangskoden $pw og en af:
  klik-admin@kk.dk      KLIK-administrator i København (KY og FBS: plus)
  projektleder@kk.dk    projektleder i København (KY: plus, FBS: læser)
  kombit@kombit.dk      KOMBIT (udgiver)
Rollegalleriet på $url/roller kræver ikke log-ind.

MSG
