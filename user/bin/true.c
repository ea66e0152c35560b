/* true - exits with status 0.  GPL-2.0. */
int main(void)
{
    return 0;
}
