// The one thing the registry's SQL needs from a database: parameterised queries, transactions and
// multi-statement scripts (migrations). PGlite and PostgreSQL both implement it, so both run the same SQL.

export interface SqlExecutor {
  /** Runs one statement with `$1`-style parameters and returns its rows. */
  query<Row>(text: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface SqlDatabase extends SqlExecutor {
  /** For logs: `embedded PostgreSQL (PGlite) in ./.gatehouse/registry` or `PostgreSQL 127.0.0.1:5432/registry`. */
  readonly description: string;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string, tx?: SqlExecutor): Promise<void>;
  close(): Promise<void>;
}
