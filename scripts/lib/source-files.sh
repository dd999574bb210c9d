# shellcheck shell=bash
# scripts/lib/source-files.sh: vpop3_source_files ROOT PATTERN DIR…
#
# Prints the project's files under DIR… whose names match PATTERN (a glob such
# as '*.c'), relative to ROOT. In a git checkout that is what git knows about,
# tracked or not yet added, less what .gitignore excludes (build trees); in a
# tarball it is what find sees, less build directories.
vpop3_source_files ()
{
  local root=$1 pattern=$2
  shift 2
  local -a dirs=()
  local dir
  for dir in "$@"; do
    [[ -d "$root/$dir" ]] && dirs+=("$dir")
  done
  ((${#dirs[@]} > 0)) || return 0
  if command -v git >/dev/null 2>&1 && git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    local -a specs=()
    for dir in "${dirs[@]}"; do
      specs+=(":(glob)$dir/**/$pattern")
    done
    # Files deleted from the work tree but still in the index are left out.
    git -C "$root" ls-files --cached --others --exclude-standard -z -- "${specs[@]}" |
      while IFS= read -r -d '' file; do
        [[ -f "$root/$file" ]] && printf '%s\n' "$file"
      done | sort -u
  else
    (cd "$root" && find "${dirs[@]}" -name 'build*' -prune -o -type f -name "$pattern" -print) | sort
  fi
}
