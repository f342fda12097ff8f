/* Test helper: an independent AMPL .sol writer. Reads STUB.nl with the AMPL Solver Library
   (Debian libamplsolver-dev), takes one "<.nl variable index> <value>" pair per line from
   VALUES (unlisted variables are 0), and writes STUB.sol with the ASL's own write_sol, as an
   AMPL solver would (text form; -b for the binary form).
   Usage: write_sol_asl [-b] STUB VALUES */
#include <stdio.h>
#include <string.h>

#include "asl.h"

int main(int argc, char** argv) {
  ASL* asl;
  FILE* nl;
  FILE* in;
  int binary = 0, j;
  double v;
  real* x;
  static char msg[] = "write_sol_asl: given values";
  if (argc == 4 && strcmp(argv[1], "-b") == 0) {
    binary = 1;
    ++argv;
    --argc;
  }
  if (argc != 3) {
    fprintf(stderr, "usage: write_sol_asl [-b] STUB VALUES\n");
    return 2;
  }
  asl = ASL_alloc(ASL_read_fg);
  nl = jac0dim(argv[1], (fint)strlen(argv[1]));
  if (nl == NULL) return 1;
  if (fg_read(nl, ASL_return_read_err) != 0) return 1;
  x = (real*)Malloc((n_var > 0 ? n_var : 1) * sizeof(real));
  for (j = 0; j < n_var; ++j) x[j] = 0;
  in = fopen(argv[2], "r");
  if (in == NULL) return 1;
  while (fscanf(in, "%d %lf", &j, &v) == 2) {
    if (j < 0 || j >= n_var) return 1;
    x[j] = v;
  }
  fclose(in);
  binary_nl = binary;
  asl->p.solve_code_ = 0;
  write_sol(msg, x, NULL, NULL);
  return 0;
}
