# SQLite workload, first run: 10000 orders as separate INSERT statements in one transaction (the
# shell parses and runs each), then a count. Deterministic: the same file every time.
BEGIN {
    q = "'"
    print "BEGIN;"
    for (i = 1; i <= 10000; i++) {
        if (i % 13 == 0) note = q "gift #" i q
        else if (i % 5 == 0) note = q "it" q q "s fine" q
        else note = "NULL"
        printf "INSERT INTO orders VALUES (%d, %d, %d, %d, date(%s2022-01-01%s, %s+%d days%s), %s);\n",
               i, (i * 7919) % 400 + 1, (i * 31) % 60 + 1, i % 9 + 1, q, q, q, (i * 17) % 730, q, note
    }
    print "COMMIT;"
    print "SELECT 'inserted', count(*), sum(quantity) FROM orders;"
}
