/* Test helper: reads a .nl file (linear, or with nonlinear constraint bodies: fg_read) with the
   AMPL Solver Library (Debian libamplsolver-dev) and prints what the ASL understood, one fact per
   line, numbers as C99 hex floats (exact); for nonlinear rows, A lists the linear part and a
   zero for each variable occurring only in the nonlinear part:

     counts <n_var> <n_con> <n_obj> <nranges> <n_eqn> <nbv> <niv> <nzc> <nzo>
     nonlinear <nlc> <nlo> <nlvb> <nlvc> <nlvo> <nwv>
     var <j> <name> <cont|bin|int> <lower> <upper>     (kind from the position, as the ASL does)
     con <i> <name> <lower> <upper>
     A <i> <j> <coef>                                  (column-wise, from A_colstarts)
     obj <i> <name> <min|max> <constant>
     G <i> <j> <coef>

   Names come from <stub>.col / <stub>.row when present. Exit status 1 on a read error.
   Usage: nldump_asl STUB   (STUB or STUB.nl) */
#include <stdio.h>
#include <string.h>

#include "asl.h"

int main(int argc, char** argv) {
  ASL* asl;
  FILE* nl;
  int i, j, k, err;
  const char* kind;
  if (argc != 2) {
    fprintf(stderr, "usage: %s STUB\n", argv[0]);
    return 2;
  }
  asl = ASL_alloc(ASL_read_fg);
  nl = jac0dim(argv[1], (fint)strlen(argv[1]));
  if (nl == NULL) return 1;
  /* Allocating A_vals before f_read asks the ASL for the column-wise matrix. */
  A_vals = (real*)Malloc((nzc > 0 ? nzc : 1) * sizeof(real));
  err = fg_read(nl, ASL_return_read_err);
  if (err != 0) {
    fprintf(stderr, "fg_read failed with code %d\n", err);
    return 1;
  }
  printf("counts %d %d %d %d %d %d %d %d %d\n", n_var, n_con, n_obj, nranges, n_eqn, nbv, niv,
         (int)nzc, (int)nzo);
  printf("nonlinear %d %d %d %d %d %d\n", nlc, nlo, nlvb, nlvc, nlvo, nwv);
  for (j = 0; j < n_var; ++j) {
    if (j >= n_var - niv) kind = "int";
    else if (j >= n_var - niv - nbv) kind = "bin";
    else kind = "cont";
    printf("var %d %s %s %a %a\n", j, var_name(j), kind, LUv[2 * j], LUv[2 * j + 1]);
  }
  for (i = 0; i < n_con; ++i) {
    printf("con %d %s %a %a\n", i, con_name(i), LUrhs[2 * i], LUrhs[2 * i + 1]);
  }
  if (A_colstarts != NULL) {
    for (j = 0; j < n_var; ++j) {
      for (k = (int)A_colstarts[j]; k < (int)A_colstarts[j + 1]; ++k) {
        printf("A %d %d %a\n", A_rownos[k], j, A_vals[k]);
      }
    }
  }
  for (i = 0; i < n_obj; ++i) {
    ograd* g;
    printf("obj %d %s %s %a\n", i, obj_name(i), objtype[i] ? "max" : "min", objconst(i));
    for (g = Ograd[i]; g != NULL; g = g->next) printf("G %d %d %a\n", i, g->varno, g->coef);
  }
  return 0;
}
