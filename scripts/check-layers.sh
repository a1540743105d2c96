#!/usr/bin/env bash
# Checks every #include of src/ against the layer picture in src/README.md (a file may include
# its own folder and folders on lower lines only), and that nothing outside src/cli/, tests/cli/
# and the helper tests/testing/run_cli.cc includes a cli/ header. Prints each offending include;
# exits 1 if there is one.
set -euo pipefail
cd "$(dirname "$0")/.."

# The one bridge for tests outside tests/cli/ that run the whole command line (argv -> RunPlan):
# the shared helper tests/testing/run_cli.cc. Everything else reaches cli/ through it.
allowed_cli_users="tests/testing/run_cli.cc"

# The picture: the lines of the ```layers block, top line first.
layers=$(awk '/^```layers$/ {on = 1; next} /^```$/ {on = 0} on' src/README.md)
[ -n "$layers" ] || { echo "check-layers: no \`\`\`layers block in src/README.md" >&2; exit 2; }
declare -A level
n=0
while read -r line; do
  for folder in $line; do level[$folder]=$n; done
  n=$((n + 1))
done <<<"$layers"

bad=0
for dir in src/*/; do
  folder=$(basename "$dir")
  if [ -z "${level[$folder]+set}" ]; then
    echo "src/$folder/: not in the layer picture of src/README.md"
    bad=1
    continue
  fi
  while IFS=: read -r file lineno include; do
    used=${include%%/*}
    [ "$used" = "$folder" ] && continue
    if [ -z "${level[$used]+set}" ] || [ "${level[$used]}" -le "${level[$folder]}" ]; then
      echo "$file:$lineno: $folder/ may not include $include"
      bad=1
    fi
  done < <(grep -HnoE '^#include "[a-z_]+/[^"]+"' "$dir"*.h "$dir"*.cc |
           sed -E 's/#include "([^"]+)"/\1/')
done

while IFS=: read -r file lineno _; do
  case " $allowed_cli_users " in *" $file "*) continue ;; esac
  echo "$file:$lineno: only src/cli/ and tests/cli/ may include a cli/ header"
  bad=1
done < <(grep -rHnE '^#include "cli/' src tests bench --include='*.h' --include='*.cc' |
         grep -vE '^(src|tests)/cli/' || true)

if [ "$bad" != 0 ]; then
  echo "check-layers: includes break the layers of src/README.md" >&2
  exit 1
fi
