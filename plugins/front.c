#include "sail.h"
int main(void){return 0;}
