/* false - exits with status 1.  GPL-2.0. */
int main(void)
{
    return 1;
}
