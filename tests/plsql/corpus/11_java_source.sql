-- Corpus 11: a Java source and its PL/SQL call specification.
-- Written from the Oracle Database SQL Language Reference, CREATE JAVA (AND COMPILE,
-- SOURCE NAMED, AS source_text), and the PL/SQL Language Reference, "call_spec"
-- (LANGUAGE JAVA NAME '...') in CREATE FUNCTION and CREATE PACKAGE.
-- Self-contained: runs in an empty schema of a database with Java (Oracle JVM) installed.
-- The Java text has no blank line: SQL*Plus's SQLBLANKLINES default need not be changed.

CREATE OR REPLACE AND COMPILE JAVA SOURCE NAMED "C11Text" AS
public class C11Text {
    /* Java's own syntax: braces, semicolons, string escapes; nothing here is PL/SQL. */
    public static String reverse(String s) {
        if (s == null) {
            return null;
        }
        return new StringBuilder(s).reverse().toString();
    }
    public static int countChar(String s, String c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c.charAt(0)) { n++; }
        }
        return n; // a line comment; 'quotes' and "strings" \n inside Java
    }
}
/

CREATE OR REPLACE FUNCTION c11_reverse (p_text IN VARCHAR2) RETURN VARCHAR2
AS LANGUAGE JAVA NAME 'C11Text.reverse(java.lang.String) return java.lang.String';
/

CREATE OR REPLACE PACKAGE c11_text IS
  FUNCTION count_char (p_text IN VARCHAR2, p_char IN VARCHAR2) RETURN NUMBER
  AS LANGUAGE JAVA NAME 'C11Text.countChar(java.lang.String, java.lang.String) return int';
END c11_text;
/

SELECT c11_reverse('corpus'), c11_text.count_char('banana', 'a') FROM dual;
