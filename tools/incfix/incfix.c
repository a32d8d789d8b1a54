/*
 * ntio-incfix - lets gcc find the headers that Windows sources name the
 * Windows way: with backslashes ("..\inc\public.h") or in a case that
 * differs from the file on disk (<NTDDK.h>, "Public.H").
 *
 *   ntio-incfix SHADOW_DIR [-I DIR | -IDIR | -iquote DIR]... -- SOURCE...
 *
 * It reads the #include lines of the sources and, recursively, of the
 * headers they reach, and for every name gcc would not find as written it
 * creates SHADOW_DIR/<the name exactly as written>, a one-line header that
 * includes the real file by absolute path.  ntio-cc then passes
 * -iquote SHADOW_DIR -idirafter SHADOW_DIR, so names that already work are
 * untouched.  Only names that resolve to an existing file are shadowed; the
 * rest are left for gcc to report.  Exit status 0, or 2 on bad usage.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DIRS 256
#define MAX_FILES 4096

static const char *Shadow;
static char *SearchDirs[MAX_DIRS];
static int NumDirs;
static char *Seen[MAX_FILES];
static int NumSeen;

/* Out = A "/" B; FALSE if it does not fit. */
static int Join(char *Out, size_t Size, const char *A, const char *B)
{
    int n = snprintf(Out, Size, "%s/%s", A, B);
    return n >= 0 && (size_t)n < Size;
}

static int IsFile(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Resolve Rel (with '/' separators) under Dir, matching each component
 * case-insensitively when the exact name is absent.  Out gets the path. */
static int ResolveCaseless(const char *Dir, const char *Rel, char *Out, size_t OutSize)
{
    char Cur[PATH_MAX], Work[PATH_MAX];
    snprintf(Cur, sizeof Cur, "%s", Dir);
    snprintf(Work, sizeof Work, "%s", Rel);
    for (char *Save = NULL, *Part = strtok_r(Work, "/", &Save); Part; Part = strtok_r(NULL, "/", &Save)) {
        char Try[PATH_MAX];
        if (!Join(Try, sizeof Try, Cur, Part))
            return 0;
        if (!strcmp(Part, ".") || !strcmp(Part, "..") || access(Try, F_OK) == 0) {
            memcpy(Cur, Try, sizeof Cur);
            continue;
        }
        DIR *D = opendir(Cur);
        int Found = 0;
        if (D) {
            struct dirent *E;
            while ((E = readdir(D))) {
                if (!strcasecmp(E->d_name, Part)) {
                    Found = Join(Try, sizeof Try, Cur, E->d_name);
                    if (Found)
                        memcpy(Cur, Try, sizeof Cur);
                    break;
                }
            }
            closedir(D);
        }
        if (!Found)
            return 0;
    }
    if (!IsFile(Cur))
        return 0;
    char *Real = realpath(Cur, NULL);
    if (!Real)
        return 0;
    snprintf(Out, OutSize, "%s", Real);
    free(Real);
    return 1;
}

static int ExactExists(const char *Dir, const char *Name)
{
    char P[PATH_MAX];
    return Join(P, sizeof P, Dir, Name) && IsFile(P);
}

static void MakeShadow(const char *Name, const char *Target)
{
    char Path[PATH_MAX];
    if (!Join(Path, sizeof Path, Shadow, Name))
        return;
    /* Create the directories of a name with '/' in it. */
    for (char *s = Path + strlen(Shadow) + 1; *s; s++) {
        if (*s == '/') {
            *s = 0;
            mkdir(Path, 0755);
            *s = '/';
        }
    }
    if (IsFile(Path))
        return; /* the first resolution wins, as gcc's search order would */
    FILE *f = fopen(Path, "w");
    if (!f) {
        fprintf(stderr, "ntio-incfix: cannot create %s: %s\n", Path, strerror(errno));
        return;
    }
    fprintf(f, "/* ntio-incfix: \"%s\" is %s */\n#include \"%s\"\n", Name, Target, Target);
    fclose(f);
}

static void Scan(const char *File);

static void Consider(const char *Includer, const char *Name, int Quoted)
{
    char IncDir[PATH_MAX], Fixed[PATH_MAX], Real[PATH_MAX];
    snprintf(IncDir, sizeof IncDir, "%s", Includer);
    char *Slash = strrchr(IncDir, '/');
    if (Slash)
        *Slash = 0;
    snprintf(Fixed, sizeof Fixed, "%s", Name);
    for (char *s = Fixed; *s; s++)
        if (*s == '\\')
            *s = '/';
    int Exact = !strchr(Name, '\\') &&
                ((Quoted && ExactExists(IncDir, Name)) || (Name[0] == '/' && IsFile(Name)));
    for (int i = 0; !Exact && !strchr(Name, '\\') && i < NumDirs; i++)
        Exact = ExactExists(SearchDirs[i], Name);
    if (Exact) {
        /* gcc finds it; still follow it if it is one of the project's own. */
        char P[PATH_MAX];
        if (Quoted && ExactExists(IncDir, Name) && Join(P, sizeof P, IncDir, Name))
            Scan(P);
        return;
    }
    int Ok = (Quoted && ResolveCaseless(IncDir, Fixed, Real, sizeof Real));
    for (int i = 0; !Ok && i < NumDirs; i++)
        Ok = ResolveCaseless(SearchDirs[i], Fixed, Real, sizeof Real);
    if (!Ok)
        return;
    MakeShadow(Name, Real);
    Scan(Real);
}

static int IsSystemPath(const char *P)
{
    return !strncmp(P, "/usr/", 5);
}

static void Scan(const char *File)
{
    char *Real = realpath(File, NULL);
    if (!Real)
        return;
    if (IsSystemPath(Real) || NumSeen >= MAX_FILES) {
        free(Real);
        return;
    }
    for (int i = 0; i < NumSeen; i++)
        if (!strcmp(Seen[i], Real)) {
            free(Real);
            return;
        }
    Seen[NumSeen++] = Real;
    FILE *f = fopen(Real, "r");
    if (!f)
        return;
    char Line[4096];
    while (fgets(Line, sizeof Line, f)) {
        char *s = Line;
        while (isspace((unsigned char)*s))
            s++;
        if (*s != '#')
            continue;
        s++;
        while (isspace((unsigned char)*s))
            s++;
        if (strncmp(s, "include", 7))
            continue;
        s += 7;
        while (isspace((unsigned char)*s))
            s++;
        char Close = *s == '"' ? '"' : *s == '<' ? '>' : 0;
        if (!Close)
            continue;
        char *End = strchr(s + 1, Close);
        if (!End || End == s + 1)
            continue;
        *End = 0;
        Consider(Real, s + 1, Close == '"');
    }
    fclose(f);
}

int main(int argc, char **argv)
{
    int i;
    if (argc < 3) {
        fprintf(stderr, "usage: ntio-incfix SHADOW_DIR [-I DIR]... -- SOURCE...\n");
        return 2;
    }
    Shadow = argv[1];
    for (i = 2; i < argc && strcmp(argv[i], "--"); i++) {
        const char *Dir = NULL;
        if ((!strcmp(argv[i], "-I") || !strcmp(argv[i], "-iquote") || !strcmp(argv[i], "-isystem") ||
             !strcmp(argv[i], "-idirafter")) && i + 1 < argc)
            Dir = argv[++i];
        else if (!strncmp(argv[i], "-I", 2))
            Dir = argv[i] + 2;
        if (Dir && NumDirs < MAX_DIRS) {
            char *Real = realpath(Dir, NULL);
            SearchDirs[NumDirs++] = Real ? Real : strdup(Dir);
        }
    }
    for (i++; i < argc; i++)
        Scan(argv[i]);
    return 0;
}
