# Sourced by the fault tests: re-runs the calling script in a private mount namespace, so
# it can mount a tmpfs that nothing outside the test sees. Unprivileged where user
# namespaces are allowed; as root otherwise.
if [ -z "${FORMWORK_IN_MOUNT_NAMESPACE:-}" ]; then
  export FORMWORK_IN_MOUNT_NAMESPACE=1
  if unshare --map-root-user --mount true 2>/dev/null; then
    exec unshare --map-root-user --mount "$0" "$@"
  elif [ "$(id -u)" = 0 ] && unshare --mount true 2>/dev/null; then
    exec unshare --mount "$0" "$@"
  fi
  echo "FAIL: cannot make a private mount namespace here (unshare refused)" >&2
  exit 1
fi
