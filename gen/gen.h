/*
 * gen.h - cox build, cox publish and what they need: the site's git
 * repository, rendering, charts and page encryption.
 */
#ifndef COX_GEN_H
#define COX_GEN_H

#include "../lib/lib.h"

/* siterepo.c: site/ as a git work tree, through libgit2 only */
int	 siterepo_setup(void);
int	 siterepo_init(const char *path, const char *branch, int *created);

/* init_cmd.c, demo_cmd.c */
int	 init_workspace(const char *dir);
int	 cmd_init(int, char **);
int	 cmd_demo(int, char **);

#endif
