# Merges rule files into one block per table (declarations first), as iptables-restore input.
/^\*/ { table = substr($0, 2); next }
/^(COMMIT|#)/ || /^$/ { next }
/^:/ { decl[table] = decl[table] $0 "\n"; next }
{ rules[table] = rules[table] $0 "\n" }
END { for (i = 1; i <= 2; i++) { t = (i == 1) ? "filter" : "nat"; printf "*%s\n%s%sCOMMIT\n", t, decl[t], rules[t] } }
