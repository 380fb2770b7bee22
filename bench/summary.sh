#!/bin/bash
# One table out of a `bench/run` directory of logs: every benchmark's pxed
# figure next to the best reference server's, with the ratio (how many
# times better pxed is: for rates pxed/reference, for times and memory
# reference/pxed), then the machine's ceiling. Markdown, for bench/RESULTS.md.
#
# Usage: bench/summary.sh LOGDIR
#   LOGDIR/dhcp.log tftp.log http.log kickstart.log tree.log fleet.log
#   (as bench/run writes them) and LOGDIR/fleet.tsv (bench/fleet/run.sh TSV=)
# A benchmark whose log is missing is left out.
set -euo pipefail
d=${1:?usage: bench/summary.sh LOGDIR}

row() { # benchmark case unit pxed reference ratio
	printf '| %s | %s | %s | %s | %s | %s |\n' "$@"
}
table_rows() { # LOG HEADER-REGEX: the non-empty lines of the table under that header
	sed -n "/$2/,/^\$/p" "$1" | tail -n +2 | grep -v '^$' || true
}
ratio() { # PXED REF hi|lo
	awk -v p="$1" -v r="$2" -v d="$3" 'BEGIN {
		if (p == "" || r == "" || p + 0 <= 0 || r + 0 <= 0) { print "-"; exit }
		printf "%.2fx", (d == "hi") ? p / r : r / p }'
}

echo "| benchmark | case | unit | pxed | best reference | pxed vs best |"
echo "|---|---|---|---|---|---|"

# DHCP: "server mode leases/s completed failed naks dups p50/p99 cpu rss vs_kea"
if [ -f "$d/dhcp.log" ]; then
	for mode in plain pxe; do
		awk -v m="$mode" '
			$2 == m && $3 ~ /^[0-9]+$/ {
				if ($1 == "pxed") p = $3
				else if ($5 == 0 && $3 > best) { best = $3; who = $1 }
			}
			END { print p, best, who }' "$d/dhcp.log" | {
			read -r p best who
			row DHCP "$mode leases, relayed" "leases/s" "${p:--}" "${best:--} (${who:-none})" \
				"$(ratio "${p:-}" "${best:-}" hi)"
		}
	done
fi

# TFTP: label (38 columns), unit, one value per server in the header's order
# (a value may carry a note: "nw" no windowsize, "F" some transfers failed),
# then pxed/best-ref. Rates are better high, seconds and MiB low.
if [ -f "$d/tftp.log" ]; then
	servers=$(grep -m1 '^case  *unit' "$d/tftp.log" | awk '{ for (i = 3; i < NF; i++) printf "%s ", $i }')
	table_rows "$d/tftp.log" '^case  *unit' | while IFS= read -r line; do
		label=$(printf '%s' "${line:0:38}" | sed 's/ *$//')
		printf '%s\n' "${line:38}" | awk -v names="$servers" -v label="$label" '
			{
				if ($NF !~ /^([0-9.]+x|-)$/) exit
				split(names, srv, " ")
				unit = $1; k = 0
				for (i = 2; i < NF; i++) {
					if ($i == "nw" || $i == "F") { note[k] = note[k] " " $i; continue }
					val[++k] = $i; note[k] = ""
				}
				hi = (unit != "s" && unit != "MiB")
				for (j = 1; j <= k; j++) {
					if (srv[j] == "pxed") { p = val[j]; continue }
					if (val[j] !~ /^[0-9.]+$/ || note[j] ~ /F/) continue
					if (best == "" || (hi ? val[j] > best : val[j] < best)) { best = val[j]; who = srv[j] }
				}
				printf "| TFTP | %s | %s | %s | %s | %s |\n", label, unit, p, (best == "" ? "-" : best " (" who ")"), $NF
			}'
	done
fi

# HTTP: label ending in "(unit)", nginx, pxed, ratio, target, verdict; split
# at the label's last ')' so the table's column width does not matter
if [ -f "$d/http.log" ]; then
	table_rows "$d/http.log" '^case  *nginx  *pxed' | while IFS= read -r line; do
		label="${line%)*})"
		set -- ${line##*)}
		[ $# -ge 3 ] || continue
		unit=$(printf '%s' "$label" | sed -n 's/.*(\(.*\))$/\1/p')
		row HTTP "${label% (*}" "$unit" "$2" "$1 (nginx)" "${3}x"
	done
fi

# Kickstart validation: mean ms per run
if [ -f "$d/kickstart.log" ]; then
	p=$(sed -n 's/^pxed ks check:.*mean \([0-9.]*\) ms.*/\1/p' "$d/kickstart.log" | head -n 1)
	r=$(sed -n 's/^pykickstart ksvalidator:.*mean \([0-9.]*\) ms.*/\1/p' "$d/kickstart.log" | head -n 1)
	row "Kickstart" "5,000-line file, parse + check" "ms" "${p:--}" "${r:-not run} (ksvalidator)" \
		"$(ratio "${p:-}" "${r:-}" lo)"
fi

# Install trees: reading every file out of the ISO vs out of the directory
if [ -f "$d/tree.log" ]; then
	sed -n 's/^ *\(read every file\) *dir *\([0-9.]*\) MiB\/s.*iso *\([0-9.]*\) MiB\/s.*/\1 \2 \3/p' "$d/tree.log" |
		head -n 1 | {
		read -r _ _ _ dir iso || true
		[ -n "${iso:-}" ] && row "Trees" "every file of a Rocky 9 tree, ISO in place" "MiB/s" "$iso" \
			"$dir (the directory)" "$(ratio "$iso" "$dir" hi)"
	}
fi

# The fleet: seconds until every client was done, per size and loss
if [ -f "$d/fleet.tsv" ]; then
	awk -F'\t' '$1 == "fleet" { print $3, $4 }' "$d/fleet.tsv" | sort -u -k1,1n -k2,2n | while read -r n loss; do
		p=$(awk -F'\t' -v n="$n" -v l="$loss" '$1 == "fleet" && $2 == "pxed" && $3 == n && $4 == l { print $5 "|" $6 "|" $8 }' "$d/fleet.tsv" | tail -n 1)
		best= who=
		while IFS=$'\t' read -r _ stack _ _ wall failed _ _ _; do
			[ "$stack" = pxed ] && continue
			[ "$failed" = 0 ] || continue
			if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
				best=$wall who=$stack
			fi
		done < <(awk -F'\t' -v n="$n" -v l="$loss" '$1 == "fleet" && $3 == n && $4 == l' "$d/fleet.tsv")
		IFS='|' read -r pwall pfailed prss <<<"$p"
		note=
		[ "${pfailed:-0}" = 0 ] || note=" ($pfailed failed)"
		fails=$(awk -F'\t' -v n="$n" -v l="$loss" '$1 == "fleet" && $2 != "pxed" && $3 == n && $4 == l && $6 != 0 { printf "%s%s: %s failed", sep, $2, $6; sep = "; " }' "$d/fleet.tsv")
		row "Fleet" "$n machines install at once, $loss% loss" "s (all done)" \
			"${pwall:--}$note, $(awk -v k="${prss:-0}" 'BEGIN { printf "%.0f MiB", k / 1024 }')" \
			"${best:-none finished}${who:+ ($who)}${fails:+; $fails}" "$(ratio "${pwall:-}" "${best:-}" lo)"
	done
	tcp=$(awk -F'\t' '$1 == "ceiling" && $2 == "tcp" { print $3 }' "$d/fleet.tsv" | tail -n 1)
	udp=$(awk -F'\t' '$1 == "ceiling" && $2 == "udp" { print $3 " MiB/s, " $4 " round trips/s" }' "$d/fleet.tsv" | tail -n 1)
	echo
	echo "Machine ceiling on the same path (pxed-ceiling): TCP ${tcp:-?} MiB/s (8 streams from memory);" \
		"UDP lock-step ${udp:-?} (64 flows of 1408-byte blocks)."
fi
