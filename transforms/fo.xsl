<?xml version="1.0" encoding="UTF-8"?>
<!--
  fo.xsl: the edition as XSL-FO 1.1 for a printed page (Apache FOP 2.x makes the PDF).

  A format driver: common.xsl matches every TEI element and calls the te: behaviours;
  this module implements them for XSL-FO and lays out the book around the text:

    title page     title, author, translator, source with its address, the reading
    title verso    a short editorial note: how this reading marks interventions
    text           running heads (author on verso, title on recto), folios, headings,
                   the source's section breaks and (optionally) its page breaks,
                   notes as footnotes
    index          persons, places and organisations with their identification and
                   the pages of every mention (fo:page-number-citation)

  Footnotes come in three series, numbered as in every format (common.xsl): 1, 2, 3 for
  the translator's notes, a, b, c for this edition's notes, and, in the normalized reading,
  s1, s2 for the source readings of corrected words and of words the source marks [sic]
  or /?/. The author's own remarks stay in the running text, in parentheses.

  The normalized reading marks interventions soberly: words the translator added (supplied
  words, expansions) keep their square brackets, in black, and are grey (the brackets
  survive printing in black and white; the base-14 fonts have no half brackets); a corrected
  word, or one the source marks [sic] or /?/ without correcting it, gets a footnote
  with the source reading (or, when a translator's note or one of this edition's notes
  follows it, that note gives the source reading). The diplomatic reading gives the text as
  the source shows it, brackets and all.

  Determinism: the XMP metadata in fo:declarations dates the PDF by the edition's
  publication date; tei_edition.pdf runs FOP with SOURCE_DATE_EPOCH set to the same date.
  The page list of each index entry is marked role="te:pages" (each locator
  role="te:page"): tei_edition.pdf drops repeated pages after a first layout pass.

  Fonts: the PDF base-14 fonts (Times, Helvetica), which FOP has without configuration and
  which cover the WinAnsi repertoire (ü, é, – — “ ” ’ …).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="https://tei-edition.org/ns"
    xmlns:f="https://tei-edition.org/ns/fo"
    xmlns:fo="http://www.w3.org/1999/XSL/Format"
    xmlns:x="adobe:ns:meta/"
    xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    exclude-result-prefixes="xs tei te f"
    expand-text="yes">

  <xsl:import href="common.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <!-- Paper size: 'A4' (210 × 297 mm) or 'letter' (8.5 × 11 in). -->
  <xsl:param name="paper" as="xs:string" select="'A4'"/>

  <!-- Mark the page breaks of the source (pb) in the text with a grey bar. -->
  <xsl:param name="page-breaks" as="xs:boolean" select="true()"/>

  <!-- Add the index of names (persons, places, organisations) with page numbers. -->
  <xsl:param name="index" as="xs:boolean" select="true()"/>

  <!-- The page images to show at the page breaks, one a line: what a pb's @facs says, a
       tab, the image as a data: address of a JPEG (tei-edition gives them where
       edition.toml's edition.pdf_page_images asks for them). Empty: none. -->
  <xsl:param name="page-images" as="xs:string" select="''"/>

  <!-- ============================================================== the design -->

  <!-- Times and Helvetica, then fonts for the characters they lack (character by character;
       tei-edition's FOP configuration registers them where Debian's fonts-freefont-ttf,
       fonts-dejavu-core and fonts-noto-core are installed). -->
  <xsl:variable name="f:serif" as="xs:string"
      select="'Times, FreeSerif, DejaVu Serif, DejaVu Sans, Noto Serif Ethiopic, Noto Sans Syriac, Noto Serif Hebrew, Noto Sans Math, Noto Sans Symbols, Noto Sans Symbols2'"/>
  <xsl:variable name="f:sans" as="xs:string"
      select="'Helvetica, FreeSans, DejaVu Sans, Noto Serif Ethiopic, Noto Sans Syriac, Noto Serif Hebrew, Noto Sans Math, Noto Sans Symbols, Noto Sans Symbols2'"/>
  <xsl:variable name="f:grey" as="xs:string" select="'#5f5f5f'"/>

  <!-- A character Times and Helvetica lack (they hold Latin-1 and a few more: the PDF's
       standard encoding). FOP chooses a font character by character: in a run of other
       letters ('17 лет', '4-х', 'Ἀθῆναι') or a word with one ('Ratnakīrti') the digits,
       hyphens and Latin-1 letters would be set in Times and the rest in a fallback font.
       Such a run is set wholly in the fallback fonts (f:script), so that it keeps one
       face. -->
  <xsl:variable name="f:not-times" as="xs:string"
      select="'[^\s&#x20;-&#x7E;&#xA0;-&#xFF;&#x152;&#x153;&#x160;&#x161;&#x178;&#x17D;&#x17E;&#x192;&#x2C6;&#x2DC;&#x2013;&#x2014;&#x2018;-&#x201E;&#x2020;-&#x2022;&#x2026;&#x2030;&#x2039;&#x203A;&#x20AC;&#x2122;]'"/>

  <!-- The text's XSL-FO as made, each word with a character Times lacks in the fallback
       fonts of its face (serif, or sans where the block is set in Helvetica). -->
  <xsl:mode name="f:script" on-no-match="shallow-copy"/>

  <!-- Notes with right-to-left letters (Arabic, Hebrew, Syriac, Thaana) are set after the
       text, each where its raised label links to, not at the foot of the page: FOP lays a
       footnote's lines out without the bidirectional algorithm, so their words would be
       drawn from the left, letter by letter in the order they are read. -->
  <xsl:variable name="f:right-to-left" as="xs:string"
      select="'[\p{IsHebrew}\p{IsArabic}\p{IsSyriac}\p{IsThaana}\p{IsArabicSupplement}\p{IsAlphabeticPresentationForms}\p{IsArabicPresentationForms-A}\p{IsArabicPresentationForms-B}]'"/>

  <xsl:template match="fo:block[@id = 'f-text']" mode="f:script">
    <xsl:variable name="notes" select=".//fo:footnote"/>
    <xsl:variable name="after" as="xs:boolean"
        select="some $n in $notes satisfies matches(string($n/fo:footnote-body), $f:right-to-left)"/>
    <xsl:copy>
      <xsl:copy-of select="@*"/>
      <xsl:apply-templates mode="f:script">
        <xsl:with-param name="f:endnotes" tunnel="yes" select="$after"/>
      </xsl:apply-templates>
      <xsl:if test="$after">
        <fo:block id="f-notes" font-family="{$f:sans}" font-size="11pt" font-weight="bold"
            space-before="12mm" space-after="4pt" keep-with-next.within-page="always"
            text-align="start">{te:msg('reading.notes')}</fo:block>
        <xsl:for-each select="$notes">
          <fo:block id="f-endnote-{generate-id()}">
            <xsl:apply-templates select="fo:footnote-body/node()" mode="f:script"/>
          </fo:block>
        </xsl:for-each>
      </xsl:if>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="fo:footnote" mode="f:script">
    <xsl:param name="f:endnotes" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:choose>
      <xsl:when test="$f:endnotes">
        <fo:basic-link internal-destination="f-endnote-{generate-id()}">
          <xsl:apply-templates select="fo:inline[1]" mode="f:script"/>
        </fo:basic-link>
      </xsl:when>
      <xsl:otherwise>
        <xsl:next-match/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A paragraph with Devanagari of its own is not hyphenated: where FOP may hyphenate
       a paragraph, it no longer draws the vowel sign ि before its consonant (in रसिद्धौ it
       stands before द, not स). A word in another script loses its hyphenation there. -->
  <xsl:template match="fo:block[f:own-text(.)[matches(., '\p{IsDevanagari}')]]" mode="f:script"
      priority="3">
    <xsl:variable name="made" as="element()">
      <xsl:next-match/>
    </xsl:variable>
    <xsl:for-each select="$made">
      <xsl:copy>
        <xsl:copy-of select="@*"/>
        <xsl:attribute name="hyphenate" select="'false'"/>
        <xsl:copy-of select="node()"/>
      </xsl:copy>
    </xsl:for-each>
  </xsl:template>

  <!-- The text of a block that is its own, not of a block inside it. -->
  <xsl:function name="f:own-text" as="text()*">
    <xsl:param name="block" as="element()"/>
    <xsl:sequence select="$block//text()[ancestor::fo:block[1] is $block]"/>
  </xsl:function>

  <!-- Letters spaced out (a heading, a running head) with a character Times lacks: the
       whole block in the fallback fonts, which carry Latin too. FOP spaces the letters of
       an inline in another font than its block's when it draws them, not when it lays the
       line out, so the next word would be drawn over the inline's end. -->
  <xsl:template match="*[@letter-spacing][matches(string(.), $f:not-times)]" mode="f:script">
    <xsl:variable name="face" select="string((ancestor-or-self::*/@font-family)[last()])"/>
    <xsl:copy>
      <xsl:copy-of select="@*"/>
      <xsl:attribute name="font-family" select="
          if (starts-with($face, 'Helvetica') or starts-with($face, 'Courier'))
          then substring-after($f:sans, 'Helvetica, ') || ', ' || $f:cjk
          else substring-after($f:serif, 'Times, ') || ', ' || $f:cjk"/>
      <xsl:copy-of select="node()"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="text()[matches(., $f:not-times)]" mode="f:script">
    <xsl:variable name="face" select="string((ancestor::*/@font-family)[last()])"/>
    <xsl:variable name="fallback" select="
        if (starts-with($face, 'Helvetica') or starts-with($face, 'Courier'))
        then substring-after($f:sans, 'Helvetica, ') else substring-after($f:serif, 'Times, ')"/>
    <!-- Chinese, Japanese and Korean: FOP gives a word (and CJK text has no spaces) the
         font that holds most of its characters, so a run of CJK characters is set apart
         in the CJK font first; the kana repeat marks, which it lacks, apart again.
         A run of Arabic or Syriac words (with the spaces, joiners, digits and marks among
         them) is set with no language: FOP joins their letters (the font's initial,
         medial and final forms) only under the font's default language system, and the
         fonts have none for the document's language ('en', 'de'), or for 'ar'. They have
         no italic either (a foreign word, a title): such a run is set upright -->
    <xsl:analyze-string select="." regex="([\p{{IsCJKUnifiedIdeographs}}\p{{IsCJKUnifiedIdeographsExtensionA}}\p{{IsCJKCompatibilityIdeographs}}\p{{IsHiragana}}\p{{IsKatakana}}\p{{IsCJKSymbolsandPunctuation}}\p{{IsHalfwidthandFullwidthForms}}\p{{IsHangulSyllables}}\p{{IsBopomofo}}\p{{IsKanbun}}]+)|({$f:joined-run})">
      <xsl:matching-substring>
        <xsl:choose>
          <xsl:when test="regex-group(2)">
            <fo:inline font-family="{$fallback}" language="none" font-style="normal">{.}</fo:inline>
          </xsl:when>
          <xsl:otherwise>
            <xsl:analyze-string select="." regex="[&#x3031;-&#x3035;]+">
              <xsl:matching-substring>
                <fo:inline font-family="{$f:kana-marks}, {$f:cjk}, {$fallback}">{.}</fo:inline>
              </xsl:matching-substring>
              <xsl:non-matching-substring>
                <fo:inline font-family="{$f:cjk}, {$fallback}">{.}</fo:inline>
              </xsl:non-matching-substring>
            </xsl:analyze-string>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:matching-substring>
      <xsl:non-matching-substring>
        <xsl:sequence select="f:script-words(., $fallback)"/>
      </xsl:non-matching-substring>
    </xsl:analyze-string>
  </xsl:template>

  <!-- Fonts of Chinese, Japanese and Korean characters (Debian's fonts-droid-fallback),
       and of the kana repeat marks (U+3031-3035), which it lacks (fonts-vlgothic). -->
  <xsl:variable name="f:cjk" as="xs:string" select="'Droid Sans Fallback'"/>

  <!-- A run of words in a script whose letters join (Arabic, Syriac): the words and the
       spaces, joiners, digits and marks between and among them. -->
  <xsl:variable name="f:joined-run" as="xs:string" select="
      let $letters := '\p{IsArabic}\p{IsArabicSupplement}\p{IsSyriac}\p{IsArabicPresentationForms-A}\p{IsArabicPresentationForms-B}',
          $with := '[' || $letters || '&#x200C;&#x200D;\p{M}]'
      return '[' || $letters || ']' || $with || '*(?:[\s\d]+' || $with || '+)*'"/>
  <xsl:variable name="f:kana-marks" as="xs:string" select="'VL PGothic'"/>

  <!-- Text with characters Times lacks, the words that have one in the fallback fonts: a
       word of Latin letters and others whole; else a run of other letters with the
       digits, hyphens and spaces among them ('17 лет', '4-х'). -->
  <xsl:function name="f:script-words" as="node()*">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="fallback" as="xs:string"/>
    <xsl:variable name="x" select="$f:not-times"/>
    <xsl:variable name="latin" select="'[A-Za-z&#xC0;-&#xFF;]'"/>
    <xsl:variable name="other" select="'[^A-Za-z&#xC0;-&#xFF;]'"/>
    <xsl:analyze-string select="$text" regex="{string-join((
        '\S*' || $latin || '\S*' || $x || '\S*',
        '\S*' || $x || '\S*' || $latin || '\S*',
        $other || '*' || $x || $other || '*'), '|')}">
      <xsl:matching-substring>
        <fo:inline font-family="{$fallback}">{.}</fo:inline>
      </xsl:matching-substring>
      <xsl:non-matching-substring>
        <xsl:value-of select="."/>
      </xsl:non-matching-substring>
    </xsl:analyze-string>
  </xsl:function>
  <xsl:variable name="f:supplied-colour" as="xs:string" select="'#6b6b6b'"/>

  <xsl:variable name="f:page-width" as="xs:string"
      select="if (lower-case($paper) = 'letter') then '215.9mm' else '210mm'"/>
  <xsl:variable name="f:page-height" as="xs:string"
      select="if (lower-case($paper) = 'letter') then '279.4mm' else '297mm'"/>
  <!-- the text block: 130 mm wide, inner margin 32 mm, outer the rest -->
  <xsl:variable name="f:inner" as="xs:string" select="'32mm'"/>
  <xsl:variable name="f:outer" as="xs:string"
      select="if (lower-case($paper) = 'letter') then '53.9mm' else '48mm'"/>
  <xsl:variable name="f:top" as="xs:string" select="'20mm'"/>
  <xsl:variable name="f:bottom" as="xs:string"
      select="if (lower-case($paper) = 'letter') then '18mm' else '24mm'"/>

  <xsl:variable name="f:root" as="document-node()" select="/"/>

  <!-- ================================================================ the book -->

  <xsl:template match="/">
    <xsl:apply-templates select="." mode="te:check"/>
    <xsl:if test="not(lower-case($paper) = ('a4', 'letter'))">
      <xsl:message terminate="yes" error-code="f:paper">parameter paper must be 'A4' or 'letter', not '{$paper}'</xsl:message>
    </xsl:if>
    <!-- The text first: the index cites the mentions it actually contains. -->
    <xsl:variable name="text" as="node()*">
      <xsl:apply-templates select="te:texts(/)"/>
    </xsl:variable>
    <fo:root font-family="{$f:serif}" font-size="11pt" line-height="14.5pt"
        line-height-shift-adjustment="disregard-shifts"
        language="{(/*/@xml:lang, 'en')[1] ! substring-before(. || '-', '-')}"
        hyphenation-push-character-count="3" hyphenation-remain-character-count="3"
        hyphenation-ladder-count="2">
      <xsl:call-template name="f:layout-masters"/>
      <xsl:call-template name="f:declarations"/>
      <xsl:call-template name="f:bookmarks">
        <xsl:with-param name="text" select="$text"/>
      </xsl:call-template>
      <!-- the pages, every word with a character Times lacks in a font that has it -->
      <xsl:variable name="pages" as="element()*">
      <xsl:call-template name="f:front-matter"/>
      <fo:page-sequence master-reference="text" initial-page-number="1" format="1"
          force-page-count="no-force">
        <!-- a text in a language written from right to left is laid out from the right -->
        <xsl:if test="te:is-rtl(string((/*/@xml:lang, /*/tei:text/@xml:lang)[1]))">
          <xsl:attribute name="writing-mode" select="'rl-tb'"/>
        </xsl:if>
        <xsl:call-template name="f:running-heads"/>
        <xsl:call-template name="f:footnote-separator"/>
        <fo:flow flow-name="xsl-region-body" text-align="justify" hyphenate="true">
          <fo:block id="f-text">
            <fo:block text-align="center" font-size="15pt" line-height="19pt" hyphenate="false"
                space-before="10mm" space-after="12mm">{te:title(/)}</fo:block>
            <xsl:sequence select="$text"/>
            <xsl:call-template name="f:apparatus"/>
          </fo:block>
        </fo:flow>
      </fo:page-sequence>
      <xsl:if test="$index and $text//@id[f:mention-entry(.)]">
        <xsl:call-template name="f:index">
          <xsl:with-param name="text" select="$text"/>
        </xsl:call-template>
      </xsl:if>
      </xsl:variable>
      <xsl:apply-templates select="$pages" mode="f:script"/>
    </fo:root>
  </xsl:template>

  <!-- ............................................................ page masters -->

  <xsl:template name="f:layout-masters">
    <fo:layout-master-set>
      <xsl:for-each select="('title', 'first', 'odd', 'even', 'index-first', 'index-odd', 'index-even')">
        <xsl:variable name="odd" select="not(ends-with(., 'even'))"/>
        <xsl:variable name="index" select="starts-with(., 'index')"/>
        <fo:simple-page-master master-name="{.}" page-width="{$f:page-width}"
            page-height="{$f:page-height}" margin-top="{$f:top}" margin-bottom="{$f:bottom}"
            margin-left="{if ($odd) then $f:inner else $f:outer}"
            margin-right="{if ($odd) then $f:outer else $f:inner}">
          <fo:region-body margin-top="{if (. = 'title') then '10mm' else '14mm'}"
              margin-bottom="{if (. = ('first', 'index-first')) then '12mm' else '6mm'}">
            <xsl:if test="$index">
              <xsl:attribute name="column-count">2</xsl:attribute>
              <xsl:attribute name="column-gap">7mm</xsl:attribute>
            </xsl:if>
          </fo:region-body>
          <xsl:if test=". = ('odd', 'even', 'index-odd', 'index-even')">
            <fo:region-before region-name="head-{if ($odd) then 'recto' else 'verso'}" extent="9mm"/>
          </xsl:if>
          <xsl:if test=". = ('first', 'index-first')">
            <fo:region-after region-name="foot-first" extent="9mm"/>
          </xsl:if>
        </fo:simple-page-master>
      </xsl:for-each>
      <xsl:for-each select="('text', 'index')">
        <xsl:variable name="prefix" select="if (. = 'index') then 'index-' else ''"/>
        <fo:page-sequence-master master-name="{.}">
          <fo:repeatable-page-master-alternatives>
            <fo:conditional-page-master-reference master-reference="{$prefix}first"
                page-position="first"/>
            <fo:conditional-page-master-reference master-reference="{$prefix}odd"
                odd-or-even="odd"/>
            <fo:conditional-page-master-reference master-reference="{$prefix}even"
                odd-or-even="even"/>
          </fo:repeatable-page-master-alternatives>
        </fo:page-sequence-master>
      </xsl:for-each>
    </fo:layout-master-set>
  </xsl:template>

  <xsl:template name="f:running-heads">
    <xsl:param name="recto" as="xs:string" select="te:title(/)"/>
    <xsl:param name="verso" as="xs:string" select="(string-join(te:authors(/), ', ')[.], te:title(/))[1]"/>
    <fo:static-content flow-name="head-recto">
      <xsl:call-template name="f:head-line">
        <xsl:with-param name="words" select="$recto"/>
        <xsl:with-param name="side" select="'recto'"/>
      </xsl:call-template>
    </fo:static-content>
    <fo:static-content flow-name="head-verso">
      <xsl:call-template name="f:head-line">
        <xsl:with-param name="words" select="$verso"/>
        <xsl:with-param name="side" select="'verso'"/>
      </xsl:call-template>
    </fo:static-content>
    <fo:static-content flow-name="foot-first">
      <fo:block text-align="center" font-size="9pt">
        <fo:page-number/>
      </fo:block>
    </fo:static-content>
  </xsl:template>

  <!-- A running head: the words centred, the folio at the outer edge. -->
  <xsl:template name="f:head-line">
    <xsl:param name="words" as="xs:string"/>
    <xsl:param name="side" as="xs:string"/>
    <fo:table table-layout="fixed" width="100%" font-size="8pt" line-height="10pt">
      <fo:table-column column-width="12mm"/>
      <fo:table-column column-width="proportional-column-width(1)"/>
      <fo:table-column column-width="12mm"/>
      <fo:table-body>
        <fo:table-row>
          <fo:table-cell>
            <fo:block text-align="start" font-size="9pt">
              <xsl:if test="$side = 'verso'"><fo:page-number/></xsl:if>
            </fo:block>
          </fo:table-cell>
          <fo:table-cell>
            <fo:block text-align="center" letter-spacing="0.08em">{upper-case($words)}</fo:block>
          </fo:table-cell>
          <fo:table-cell>
            <fo:block text-align="end" font-size="9pt">
              <xsl:if test="$side = 'recto'"><fo:page-number/></xsl:if>
            </fo:block>
          </fo:table-cell>
        </fo:table-row>
      </fo:table-body>
    </fo:table>
  </xsl:template>

  <!-- The apparatus after the text: its numbered entries (lemma, readings, witnesses),
       which the markers in the text link to. -->
  <xsl:template name="f:apparatus">
    <xsl:variable name="apps" select="te:app-entries(/)"/>
    <xsl:if test="exists($apps)">
      <fo:block id="f-apparatus" font-family="{$f:sans}" font-size="11pt" font-weight="bold"
          space-before="12mm" space-after="4pt" keep-with-next.within-page="always"
          text-align="start">{te:msg('reading.apparatus')}</fo:block>
      <xsl:for-each select="$apps">
        <fo:block id="f-app-{te:app-number(.)}" font-size="9pt" line-height="11.5pt"
            text-align="start" start-indent="8mm" text-indent="-8mm" space-after="2pt">
          <fo:inline font-family="Helvetica" font-size="7.5pt">{te:app-label(te:app-number(.))}</fo:inline>
          <xsl:text> </xsl:text>
          <xsl:call-template name="te:app-entry"/>
        </fo:block>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- A figure's image, embedded (export gives it as data), scaled to the measure; one on
       the web is a link, never fetched. -->
  <xsl:template name="te:image">
    <xsl:param name="src" as="xs:string"/>
    <xsl:param name="url" as="xs:string"/>
    <xsl:param name="alt" as="xs:string"/>
    <xsl:choose>
      <xsl:when test="starts-with($src, 'data:')">
        <fo:block text-align="center" space-before="4pt" space-after="2pt">
          <fo:external-graphic src="{$src}" content-width="scale-down-to-fit"
              content-height="scale-down-to-fit" width="100%" max-height="180mm"
              scaling="uniform">
            <xsl:attribute name="fox:alt-text" namespace="http://xmlgraphics.apache.org/fop/extensions" select="$alt"/>
          </fo:external-graphic>
        </fo:block>
      </xsl:when>
      <xsl:when test="$url">
        <fo:block text-align="center" font-size="9pt">
          <fo:basic-link external-destination="url({$url})">{if ($alt) then te:msg('reading.image') || ': ' || $alt else $url}</fo:basic-link>
        </fo:block>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="te:app-ref">
    <xsl:param name="n" as="xs:integer"/>
    <fo:basic-link internal-destination="f-app-{$n}">
      <fo:inline baseline-shift="super" font-size="65%" font-family="Helvetica">{te:app-label($n)}</fo:inline>
    </fo:basic-link>
  </xsl:template>

  <xsl:template name="f:footnote-separator">
    <fo:static-content flow-name="xsl-footnote-separator">
      <fo:block font-size="6pt" line-height="6pt" padding-top="4pt" padding-bottom="1pt">
        <fo:leader leader-pattern="rule" leader-length="28mm" rule-thickness="0.4pt"
            rule-style="solid"/>
      </fo:block>
    </fo:static-content>
  </xsl:template>

  <!-- ......................................................... PDF metadata -->

  <!-- The edition's publication date as an XMP date (midnight UTC), or ''. -->
  <xsl:function name="f:xmp-date" as="xs:string">
    <xsl:param name="when" as="xs:string"/>
    <xsl:sequence select="
        if (matches($when, '^\d{4}-\d{2}-\d{2}$')) then $when || 'T00:00:00Z'
        else if (matches($when, '^\d{4}-\d{2}$')) then $when || '-01T00:00:00Z'
        else if (matches($when, '^\d{4}$')) then $when || '-01-01T00:00:00Z'
        else ''"/>
  </xsl:function>

  <xsl:template name="f:declarations">
    <xsl:variable name="date" select="f:xmp-date(te:publication-date(/))"/>
    <xsl:variable name="lang" select="(/*/@xml:lang, 'en')[1]"/>
    <!-- the rights statement: availability's paragraphs (or licences), in one line -->
    <xsl:variable name="rights" select="normalize-space(string-join(te:licence(/)
        ! (if (tei:p | tei:licence | tei:ab) then (tei:p | tei:licence | tei:ab) else .)
        ! normalize-space(string-join(descendant::text(), '')), ' '))"/>
    <!-- XMP with the value types XMP (and PDF/A) gives the Dublin Core properties: text
         in a language alternative, creators in order, languages in a bag -->
    <fo:declarations>
      <x:xmpmeta>
        <rdf:RDF>
          <rdf:Description rdf:about="">
            <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{te:title(/)}</rdf:li></rdf:Alt></dc:title>
            <xsl:if test="exists(te:authors(/))">
              <dc:creator><rdf:Seq><xsl:for-each select="te:authors(/)"><rdf:li>{.}</rdf:li></xsl:for-each></rdf:Seq></dc:creator>
            </xsl:if>
            <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{f:reading-name()} of {te:title(/)}</rdf:li></rdf:Alt></dc:description>
            <dc:language><rdf:Bag><rdf:li>{$lang}</rdf:li></rdf:Bag></dc:language>
            <xsl:if test="$rights">
              <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{$rights}</rdf:li></rdf:Alt></dc:rights>
            </xsl:if>
            <xsl:if test="$date">
              <xmp:CreateDate>{$date}</xmp:CreateDate>
              <xmp:ModifyDate>{$date}</xmp:ModifyDate>
            </xsl:if>
            <xmp:CreatorTool>tei-edition</xmp:CreatorTool>
            <pdf:Keywords>{string-join(/*/tei:teiHeader//tei:keywords/tei:term ! normalize-space(.), '; ')}</pdf:Keywords>
          </rdf:Description>
        </rdf:RDF>
      </x:xmpmeta>
    </fo:declarations>
  </xsl:template>

  <xsl:template name="f:bookmarks">
    <xsl:param name="text" as="node()*"/>
    <fo:bookmark-tree>
      <fo:bookmark internal-destination="f-title">
        <fo:bookmark-title>Title page</fo:bookmark-title>
      </fo:bookmark>
      <fo:bookmark internal-destination="f-editorial-note">
        <fo:bookmark-title>Editorial note</fo:bookmark-title>
      </fo:bookmark>
      <fo:bookmark internal-destination="f-text">
        <fo:bookmark-title>Text</fo:bookmark-title>
        <xsl:for-each select="/*/tei:text//tei:head[parent::tei:div]">
          <fo:bookmark internal-destination="{f:heading-id(.)}">
            <fo:bookmark-title>{normalize-space(.)}</fo:bookmark-title>
          </fo:bookmark>
        </xsl:for-each>
      </fo:bookmark>
      <xsl:if test="$index and $text//@id[f:mention-entry(.)]">
        <fo:bookmark internal-destination="f-index">
          <fo:bookmark-title>Index of names</fo:bookmark-title>
        </fo:bookmark>
      </xsl:if>
    </fo:bookmark-tree>
  </xsl:template>

  <!-- ............................................................ front matter -->

  <xsl:function name="f:reading-name" as="xs:string">
    <xsl:sequence select="if ($reading = 'diplomatic') then 'Diplomatic reading' else 'Normalized reading'"/>
  </xsl:function>

  <xsl:function name="f:capitalize" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="upper-case(substring($s, 1, 1)) || substring($s, 2)"/>
  </xsl:function>

  <xsl:template name="f:front-matter">
    <xsl:variable name="header" select="/*/tei:teiHeader/tei:fileDesc"/>
    <xsl:variable name="bibl" select="te:source-bibl(/)"/>
    <fo:page-sequence master-reference="title" format="i" force-page-count="no-force">
      <fo:flow flow-name="xsl-region-body" text-align="center">
        <fo:block id="f-title" space-before="22mm" font-size="12pt" letter-spacing="0.12em">
          {string-join(te:authors(/), ', ')}
        </fo:block>
        <fo:block space-before="10mm" font-size="24pt" line-height="29pt" hyphenate="false">
          {te:title(/)}
        </fo:block>
        <xsl:for-each select="te:series(/)">
          <fo:block space-before="5mm" font-size="10pt" letter-spacing="0.08em">{.}</fo:block>
        </xsl:for-each>
        <xsl:if test="te:subtitle(/)">
          <fo:block space-before="7mm" font-size="13pt" line-height="17pt" font-style="italic">
            {te:subtitle(/)}
          </fo:block>
        </xsl:if>
        <fo:block space-before="16mm">
          <fo:leader leader-pattern="rule" leader-length="20mm" rule-thickness="0.5pt"/>
        </fo:block>
        <xsl:for-each select="$header/tei:titleStmt/tei:respStmt">
          <fo:block space-before="{if (position() = 1) then '10mm' else '4mm'}" font-size="11pt">
            <xsl:value-of select="f:capitalize(normalize-space(string-join(tei:resp, '; ')))"/>
            <fo:block font-size="13pt" space-before="1.5mm">{(tei:persName, tei:name, tei:orgName)[1] ! te:person-words(.)}</fo:block>
          </fo:block>
        </xsl:for-each>
        <fo:block space-before="16mm" font-size="10pt" letter-spacing="0.14em">
          {upper-case(f:reading-name())}
        </fo:block>
        <!-- the foot of the title page: the source -->
        <fo:block-container absolute-position="absolute" left="0mm" right="0mm"
            bottom="0mm" height="40mm" display-align="after">
          <fo:block font-size="8.5pt" line-height="11pt" text-align="center">
            <xsl:variable name="url" select="te:source-url(/)"/>
            <xsl:variable name="citation" select="te:source-citation(/)"/>
            <xsl:if test="$citation">
              <fo:block>
                <fo:inline font-style="italic">Source: </fo:inline>
                <!-- the address follows on its own line, as a link -->
                <xsl:value-of select="f:sentence(replace(if ($url and ends-with($citation, $url))
                    then substring($citation, 1, string-length($citation) - string-length($url))
                    else $citation, '[\s.,;:]+$', ''))"/>
              </fo:block>
            </xsl:if>
            <xsl:if test="$url">
              <fo:block space-before="1mm">
                <fo:basic-link external-destination="url({$url})">{$url}</fo:basic-link>
              </fo:block>
            </xsl:if>
            <xsl:for-each select="($bibl/tei:note[not(@type = 'citation')],
                /*/tei:teiHeader/tei:fileDesc/tei:sourceDesc//tei:provenance)
                [not(contains($citation, normalize-space(.)))]">
              <fo:block space-before="1mm">{f:sentence(normalize-space(.))}</fo:block>
            </xsl:for-each>
            <fo:block space-before="3mm">
              {string-join((te:publisher(/), te:publication-date(/) ! substring(., 1, 4))[.], ', ')}
            </fo:block>
            <xsl:for-each select="te:licence(/)/(tei:p, tei:licence)
                [not(contains($citation, normalize-space(.)))]">
              <fo:block>{normalize-space(.)}</fo:block>
            </xsl:for-each>
          </fo:block>
        </fo:block-container>
      </fo:flow>
    </fo:page-sequence>
    <xsl:call-template name="f:editorial-note"/>
  </xsl:template>

  <!-- A sentence ends with a full stop. -->
  <xsl:function name="f:sentence" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="if (matches($s, '[.!?]$')) then $s else $s || '.'"/>
  </xsl:function>

  <!-- The title verso: what this reading shows and how. Only conventions the text uses
       are described. -->
  <xsl:template name="f:editorial-note">
    <xsl:variable name="text" select="/*/tei:text"/>
    <xsl:variable name="normalized" select="$reading != 'diplomatic'"/>
    <xsl:variable name="translator" select="(te:translators(/))[1]"/>
    <xsl:variable name="bibl" select="te:source-bibl(/)"/>
    <xsl:variable name="archive" select="normalize-space(($bibl/tei:publisher)[1])"/>
    <!-- the translator's additions (square brackets in the source) -->
    <xsl:variable name="added" select="$text//(tei:supplied | tei:ex | tei:expan)[te:resp(.) = 'translator']"/>
    <xsl:variable name="has-corr" select="exists($text//tei:choice[tei:sic and tei:corr])"/>
    <xsl:variable name="has-sic" select="exists($text//tei:sic[not(parent::tei:choice)])"/>
    <xsl:variable name="has-unclear" select="exists($text//tei:unclear[te:doubtful(.)])"/>
    <xsl:variable name="t-abbr" select="exists($text//tei:choice[tei:abbr][tei:expan[te:resp(.) = 'translator']])"/>
    <xsl:variable name="e-abbr" select="exists($text//tei:choice[tei:abbr][tei:expan[not(te:resp(.) = 'translator')]])"/>
    <xsl:variable name="t-notes" select="exists(te:notes(/, 'translator', true()))"/>
    <xsl:variable name="a-notes" select="exists(te:notes(/, 'authorial', false()))"/>
    <fo:page-sequence master-reference="title" format="i" initial-page-number="2"
        force-page-count="end-on-even">
      <fo:flow flow-name="xsl-region-body" font-size="9.5pt" line-height="12.5pt"
          text-align="justify" hyphenate="true">
        <fo:block id="f-editorial-note" font-size="10pt" letter-spacing="0.12em"
            space-before="22mm" space-after="5mm" text-align="center">EDITORIAL NOTE</fo:block>
        <fo:block space-after="2.5mm">
          <xsl:text>This edition gives the text of </xsl:text>
          <fo:inline font-style="italic">{te:title(/)}</fo:inline>
          <xsl:if test="$translator">{' '}in the English translation by {$translator}</xsl:if>
          <xsl:if test="$archive">, as published by the {$archive}</xsl:if>
          <xsl:text>, keeping every word of the published text. </xsl:text>
          <xsl:choose>
            <xsl:when test="$normalized and $translator">This is the <fo:inline font-style="italic">normalized reading</fo:inline>: the text reads as the translator and this edition established it.</xsl:when>
            <xsl:when test="$normalized">This is the <fo:inline font-style="italic">normalized reading</fo:inline>: the text reads with the editorial interventions its encoding records.</xsl:when>
            <xsl:when test="$translator">This is the <fo:inline font-style="italic">diplomatic reading</fo:inline>: the text as the source shows it, with the translator’s square brackets, queries and marks of error.</xsl:when>
            <xsl:otherwise>This is the <fo:inline font-style="italic">diplomatic reading</fo:inline>: the text as the source shows it.</xsl:otherwise>
          </xsl:choose>
        </fo:block>
        <fo:block space-after="2.5mm">
          <xsl:if test="$normalized and $added">Words the translator added stand in square brackets, as in the source, and are printed <fo:inline color="{$f:supplied-colour}">in grey</fo:inline><xsl:if test="$added[te:doubtful(.)]">, with a question mark where the translator was unsure</xsl:if>. </xsl:if>
          <xsl:if test="$normalized and ($t-abbr or $e-abbr)">Abbreviations are given as expanded by {
              if ($t-abbr and $e-abbr) then 'the translator (in square brackets, in place of the abbreviation) or by this edition (unmarked)'
              else if ($t-abbr) then 'the translator, in square brackets, in place of the abbreviation'
              else 'this edition'}. </xsl:if>
          <xsl:if test="$normalized and $has-corr">Errors in the source are corrected; a note gives the source reading. </xsl:if>
          <xsl:if test="$normalized and ($has-sic or $has-unclear)">Words the source marks as {string-join(('wrong ([sic])'[$has-sic], 'uncertain (/?/)'[$has-unclear]), ' or ')} but leaves uncorrected are printed as they stand, and a note gives the source reading. </xsl:if>
          <xsl:variable name="lettered" select="exists(te:notes(/, 'editorial', true()))"/>
          <xsl:variable name="sourced" select="exists(f:lettered(/))"/>
          <xsl:if test="$t-notes and $normalized">Notes numbered 1, 2, 3 are the translator’s, in square brackets in the source (marked <fo:inline font-style="italic">Trans.</fo:inline>){if ($lettered) then '; ' else '. '}</xsl:if>
          <xsl:if test="$t-notes and not($normalized)">The translator’s notes stand in square brackets in the text, as in the source. </xsl:if>
          <xsl:if test="$lettered">{if ($t-notes and $normalized) then 'notes' else 'Notes'} lettered a, b, c are this edition’s (marked <fo:inline font-style="italic">Ed.</fo:inline>). </xsl:if>
          <xsl:if test="$sourced">Notes numbered s1, s2, also this edition’s, give the source’s reading of a word. </xsl:if>
          <xsl:if test="$a-notes and te:remarks-only(te:notes(/, 'authorial', false()))">The author’s own remarks stand in parentheses, as in the source. </xsl:if>
          <xsl:if test="$a-notes and not(te:remarks-only(te:notes(/, 'authorial', false())))">Notes numbered i, ii, iii are the source’s own. </xsl:if>
        </fo:block>
        <fo:block space-after="2.5mm">
          <xsl:if test="$text//tei:p[te:numbered(.)]">The small numbers in the margin number the paragraphs, as the web edition does (¶12 is paragraph 12). </xsl:if>
          <xsl:if test="$page-breaks and $text//tei:pb">A grey bar <fo:inline color="{$f:grey}">|</fo:inline> marks a page break of the source. </xsl:if>
          <xsl:if test="$text//tei:milestone[@unit = 'section']">Section breaks of the source are shown as <xsl:value-of select="if ($normalized) then '* * *' else ($text//tei:milestone[@unit = 'section']/@rend, '***')[1]"/>. </xsl:if>
          <xsl:if test="$normalized and $text//tei:gap">[…] marks words missing from the source. </xsl:if>
          <xsl:if test="$text//tei:body//tei:gap[@reason = ('missing', 'damaged')]">The text breaks off where the source does, as a line below it says. </xsl:if>
          <xsl:if test="$index">The index lists the persons, places and organisations named in the text, with a short identification and the pages on which they are mentioned.</xsl:if>
        </fo:block>
        <xsl:variable name="encoders" select="te:responsibilities(/)"/>
        <xsl:if test="$encoders">
          <fo:block space-after="2.5mm">
            <xsl:for-each select="$encoders">{f:capitalize(normalize-space(string-join(tei:resp, '; ')))} {(tei:persName, tei:name, tei:orgName)[1] ! te:person-words(.)}. </xsl:for-each>
            <xsl:text>The other reading of this edition is made from the same TEI P5 file.</xsl:text>
          </fo:block>
        </xsl:if>
      </fo:flow>
    </fo:page-sequence>
  </xsl:template>

  <!-- ================================================================ the index -->

  <!-- The register entry a rendered mention id (m-<entry>-<n>) belongs to, or ''. -->
  <xsl:function name="f:mention-entry" as="xs:string">
    <xsl:param name="id" as="xs:string"/>
    <!-- split at the hyphens (an entry's id may have its own): m, the entry, the number -->
    <xsl:variable name="parts" select="tokenize($id, '-')"/>
    <xsl:sequence select="
        if (count($parts) ge 3 and $parts[1] = 'm' and matches($parts[last()], '^\d+$'))
        then string-join($parts[position() gt 1 and position() lt last()], '-')
        else ''"/>
  </xsl:function>

  <!-- The forms the text uses that differ from the entry's name. -->
  <xsl:function name="f:variants" as="xs:string*">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="name" select="te:entry-name($entry)"/>
    <xsl:sequence select="distinct-values($entry/(tei:persName, tei:placeName, tei:orgName)
        [@type = 'variant'] ! normalize-space(.)[. and not(contains(lower-case($name), lower-case(.)))])
        [te:forms-used($entry, .)]"/>
  </xsl:function>

  <xsl:template name="f:index">
    <xsl:param name="text" as="node()*"/>
    <!-- the rendered mention ids of each entry, in document order, sorted out once -->
    <xsl:variable name="ids-of" as="map(xs:string, attribute()+)">
      <xsl:map>
        <xsl:for-each-group select="$text//fo:inline/@id[starts-with(., 'm-')]"
            group-by="f:mention-entry(.)[.]">
          <xsl:map-entry key="current-grouping-key()" select="current-group()"/>
        </xsl:for-each-group>
      </xsl:map>
    </xsl:variable>
    <fo:page-sequence master-reference="index" force-page-count="no-force">
      <xsl:call-template name="f:running-heads">
        <xsl:with-param name="recto" select="'Index of names'"/>
        <xsl:with-param name="verso" select="'Index of names'"/>
      </xsl:call-template>
      <fo:flow flow-name="xsl-region-body" font-size="8.5pt" line-height="10.5pt"
          text-align="start">
        <fo:block id="f-index" span="all" font-size="10pt" letter-spacing="0.12em"
            text-align="center" padding-top="8mm" padding-bottom="6mm">INDEX OF NAMES</fo:block>
        <xsl:for-each select="('person', 'place', 'org')">
          <xsl:variable name="kind" select="."/>
          <xsl:variable name="entries" select="te:register($f:root, $kind)
              [exists($ids-of(string(@xml:id)))]"/>
          <xsl:if test="$entries">
            <fo:block font-size="9pt" font-style="italic" space-before="4mm" space-after="2mm"
                keep-with-next.within-column="always">
              {if ($kind = 'person') then 'Persons' else if ($kind = 'place') then 'Places' else 'Organisations'}
            </fo:block>
            <xsl:for-each select="$entries">
              <xsl:sort select="te:sort-key(.)" lang="en"/>
              <xsl:variable name="entry" select="."/>
              <xsl:variable name="mine" select="$ids-of(string($entry/@xml:id))"/>
              <xsl:variable name="variants" select="f:variants(.)"/>
              <xsl:variable name="said" select="te:entry-description(.)"/>
              <fo:block id="{te:entry-id(.)}" start-indent="3mm" text-indent="-3mm"
                  space-after="1.2mm" keep-together.within-column="always">
                <fo:inline font-weight="bold">{te:filing-name(.)}</fo:inline>
                <xsl:if test="exists($variants)">
                  <xsl:text> (</xsl:text>
                  <fo:inline font-style="italic">{string-join($variants, ', ')}</fo:inline>
                  <xsl:text>)</xsl:text>
                </xsl:if>
                <xsl:text>, </xsl:text>
                <fo:inline role="te:pages">
                  <xsl:for-each select="$mine">
                    <fo:inline role="te:page">
                      <xsl:if test="position() gt 1">, </xsl:if>
                      <fo:basic-link internal-destination="{.}">
                        <fo:page-number-citation ref-id="{.}"/>
                      </fo:basic-link>
                    </fo:inline>
                  </xsl:for-each>
                </fo:inline>
                <xsl:text>.</xsl:text>
                <xsl:if test="$said">
                  <xsl:text> </xsl:text>
                  <fo:inline color="{$f:grey}">{f:sentence(f:capitalize($said))}</fo:inline>
                </xsl:if>
              </fo:block>
            </xsl:for-each>
          </xsl:if>
        </xsl:for-each>
      </fo:flow>
    </fo:page-sequence>
  </xsl:template>

  <!-- ========================================================== the behaviours -->

  <xsl:template name="te:section">
    <xsl:param name="kind" as="xs:string"/>
    <fo:block>
      <xsl:if test="self::tei:div and preceding-sibling::tei:div and not(tei:head)
          and not(tei:*[1][self::tei:milestone])">
        <xsl:attribute name="space-before">6pt</xsl:attribute>
      </xsl:if>
      <xsl:if test="self::tei:div/@xml:id">
        <xsl:attribute name="id" select="'div-' || @xml:id"/>
      </xsl:if>
      <xsl:apply-templates/>
      <!-- where the text breaks off, say so below the last line -->
      <xsl:if test="self::tei:body and (.//tei:gap[@reason = ('missing', 'damaged')])[last()]
          [not(following::text()[normalize-space()][ancestor::tei:body][not(ancestor::tei:note)]
            [not(matches(., '^[\s.,;:!?]*$'))])]">
        <fo:block text-align="center" space-before="10pt" font-style="italic"
            font-size="10pt" color="{$f:grey}" keep-with-previous.within-page="always">
          <xsl:text>[The remainder of the document is </xsl:text>
          <xsl:value-of select="(.//tei:gap)[last()]/@reason"/>
          <xsl:text>.]</xsl:text>
        </fo:block>
      </xsl:if>
    </fo:block>
  </xsl:template>

  <!-- The heads of the text, numbered in document order once (keys: generate-id). -->
  <xsl:variable name="f:head-numbers" as="map(xs:string, xs:integer)">
    <xsl:map>
      <xsl:for-each select="$te:doc//tei:head[ancestor::tei:text]">
        <xsl:map-entry key="generate-id(.)" select="position()"/>
      </xsl:for-each>
    </xsl:map>
  </xsl:variable>

  <xsl:function name="f:heading-id" as="xs:string">
    <xsl:param name="head" as="element(tei:head)"/>
    <xsl:variable name="known" select="if (root($head) is $te:doc) then $f:head-numbers(generate-id($head)) else ()"/>
    <xsl:sequence select="'head-' || (if (exists($known)) then $known
        else count($head/preceding::tei:head[ancestor::tei:text]) + 1)"/>
  </xsl:function>

  <xsl:template name="te:heading">
    <xsl:param name="level" as="xs:integer"/>
    <fo:block id="{f:heading-id(.)}" text-align="center" hyphenate="false"
        keep-with-next.within-page="always"
        space-before="{if ($level le 1) then '18pt' else '14pt'}"
        space-after="{if ($level le 1) then '10pt' else '7pt'}"
        font-size="{if ($level le 1) then '13pt' else '11pt'}"
        font-style="{if ($level le 1) then 'normal' else 'italic'}">
      <xsl:apply-templates/>
    </fo:block>
  </xsl:template>

  <!-- Is this block the first of its run (after a heading, a break, or at the start)? -->
  <xsl:function name="f:first-paragraph" as="xs:boolean">
    <xsl:param name="p" as="element()"/>
    <xsl:sequence select="not($p/preceding-sibling::*[1][self::tei:p or self::tei:ab])"/>
  </xsl:function>

  <xsl:template name="te:block">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:choose>
      <!-- a paragraph of the text: its number (the HTML's and the register's ¶) small and
           grey in the left margin, level with its first line -->
      <!-- in a table's cell there is no margin of its own (one to the left is the
           neighbouring cell's): the number goes before the paragraph's first word -->
      <xsl:when test="$kind = 'p' and te:numbered(.) and ancestor::tei:cell">
        <fo:block orphans="2" widows="2">
          <fo:inline font-size="7pt" font-family="Helvetica" color="{$f:grey}"
              role="te:pnum">{te:para-number(.)}</fo:inline>
          <xsl:text> </xsl:text>
          <xsl:apply-templates/>
        </fo:block>
      </xsl:when>
      <xsl:when test="$kind = 'p' and te:numbered(.)">
        <fo:list-block provisional-distance-between-starts="0pt"
            provisional-label-separation="2.5mm" role="te:para">
          <fo:list-item>
            <fo:list-item-label start-indent="-10mm" end-indent="label-end()">
              <!-- the padding sets the small figures on the line's baseline -->
              <fo:block text-align="end" text-indent="0pt" font-size="7pt" padding-top="0.8pt"
                  font-family="Helvetica" color="{$f:grey}" role="te:pnum">{te:para-number(.)}</fo:block>
            </fo:list-item-label>
            <fo:list-item-body start-indent="body-start()">
              <fo:block text-indent="{if (f:first-paragraph(.)) then '0pt' else '1.5em'}"
                  orphans="2" widows="2">
                <xsl:apply-templates/>
              </fo:block>
            </fo:list-item-body>
          </fo:list-item>
        </fo:list-block>
      </xsl:when>
      <xsl:when test="$kind = ('p', 'ab')">
        <fo:block text-indent="{if (f:first-paragraph(.)) then '0pt' else '1.5em'}"
            orphans="2" widows="2">
          <xsl:apply-templates/>
        </fo:block>
      </xsl:when>
      <xsl:when test="$kind = ('opener', 'closer', 'dateline', 'salute', 'signed',
          'byline', 'docDate', 'docAuthor', 'trailer', 'postscript')">
        <fo:block space-before="3pt" space-after="6pt"
            text-align="{if ($kind = ('closer', 'signed', 'trailer')) then 'end' else 'start'}">
          <xsl:apply-templates/>
        </fo:block>
      </xsl:when>
      <xsl:when test="$kind = ('quote', 'epigraph', 'argument', 'floatingText')">
        <fo:block start-indent="8mm" end-indent="8mm" font-size="10pt" line-height="13pt"
            space-before="5pt" space-after="5pt">
          <xsl:apply-templates/>
        </fo:block>
      </xsl:when>
      <xsl:when test="$kind = 'table'">
        <!-- the table's heading (its caption) above it -->
        <xsl:apply-templates select="tei:head"/>
        <fo:table table-layout="fixed" width="100%" space-before="5pt" space-after="5pt"
            font-size="10pt" line-height="12.5pt">
          <fo:table-body>
            <xsl:apply-templates select="tei:row"/>
          </fo:table-body>
        </fo:table>
      </xsl:when>
      <xsl:when test="$kind = 'row'">
        <!-- a row is read across, cell by cell: kept on one page where it fits, so that a
             page break never sets one cell's end after its neighbours' -->
        <fo:table-row keep-together.within-page="always">
          <xsl:apply-templates select="tei:cell"/>
        </fo:table-row>
      </xsl:when>
      <xsl:when test="$kind = 'cell'">
        <fo:table-cell padding="1pt 3pt">
          <fo:block text-align="start">
            <xsl:apply-templates/>
          </fo:block>
        </fo:table-cell>
      </xsl:when>
      <xsl:when test="$kind = 'eg'">
        <fo:block font-family="Courier, {$f:sans}" font-size="8.5pt" line-height="11pt"
            text-align="start" hyphenate="false" white-space-treatment="preserve"
            white-space-collapse="false" linefeed-treatment="preserve" wrap-option="wrap"
            start-indent="5mm" space-before="4pt" space-after="4pt" background-color="#f4f4f4">
          <xsl:apply-templates/>
        </fo:block>
      </xsl:when>
      <xsl:when test="$kind = 'speaker'">
        <fo:block font-family="{$f:sans}" font-size="9pt" font-weight="bold" letter-spacing="0.04em"
            space-before="4pt" keep-with-next.within-page="always">
          <xsl:apply-templates/>
        </fo:block>
      </xsl:when>
      <xsl:when test="$kind = 'stage'">
        <fo:block font-style="italic" space-before="3pt" space-after="3pt"
            start-indent="{if (ancestor::tei:sp) then '0mm' else '8mm'}">
          <xsl:apply-templates/>
        </fo:block>
      </xsl:when>
      <xsl:when test="$kind = ('list', 'listBibl', 'lg', 'castList')">
        <fo:block start-indent="{if ($kind = 'lg') then '8mm' else '5mm'}"
            space-before="4pt" space-after="4pt" text-align="start">
          <xsl:apply-templates/>
        </fo:block>
      </xsl:when>
      <xsl:when test="$kind = 'caption'">
        <fo:block font-style="italic" space-before="4pt" space-after="2pt"
            keep-with-next.within-page="always">
          <xsl:apply-templates/>
        </fo:block>
      </xsl:when>
      <xsl:otherwise>
        <fo:block>
          <xsl:apply-templates/>
        </fo:block>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="te:inline">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:variable name="rend" select="string-join(te:rend-tokens(.), ' ')"/>
    <xsl:choose>
      <!-- the parts of an opener (Version 1 / Draft.) each on its line -->
      <xsl:when test="$kind = 'seg' and parent::tei:opener">
        <fo:block>
          <xsl:apply-templates/>
        </fo:block>
      </xsl:when>
      <xsl:when test="$kind = ('emph', 'title', 'foreign', 'mentioned', 'distinct')
          or matches($rend, 'italic|underline')">
        <fo:inline font-style="italic">
          <xsl:apply-templates/>
        </fo:inline>
      </xsl:when>
      <xsl:when test="matches($rend, 'bold')">
        <fo:inline font-weight="bold">
          <xsl:apply-templates/>
        </fo:inline>
      </xsl:when>
      <xsl:when test="matches($rend, 'sup')">
        <fo:inline baseline-shift="super" font-size="75%">
          <xsl:apply-templates/>
        </fo:inline>
      </xsl:when>
      <xsl:when test="matches($rend, 'small-?caps')">
        <fo:inline font-size="85%" letter-spacing="0.04em">{upper-case(string(.))}</fo:inline>
      </xsl:when>
      <xsl:when test="$kind = 'stage'">
        <fo:inline font-style="italic">
          <xsl:apply-templates/>
        </fo:inline>
      </xsl:when>
      <xsl:when test="$kind = 'del'">
        <fo:inline text-decoration="line-through">
          <xsl:apply-templates/>
        </fo:inline>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Mentions carry one id per register entry they name (m-<entry>-<n>), which the
       index cites; other links are plain text, external ones clickable. -->
  <xsl:template name="te:link">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="target" as="element()?"/>
    <xsl:choose>
      <xsl:when test="$kind = 'ref' and matches(normalize-space(@target), '^https?://')">
        <fo:basic-link external-destination="url({normalize-space(@target)})">
          <xsl:apply-templates/>
          <xsl:if test="not(normalize-space())">{normalize-space(@target)}</xsl:if>
        </fo:basic-link>
      </xsl:when>
      <!-- a ptr marking a note apart from the text (in standOff): the note's footnote -->
      <xsl:when test="$kind = 'ref' and @te:marks">
        <xsl:variable name="id" select="string(@te:marks)"/>
        <xsl:for-each select="($te:doc//tei:listAnnotation//tei:note[generate-id() = $id])[1]">
          <xsl:call-template name="te:note-ref">
            <xsl:with-param name="kind" select="te:note-kind(.)"/>
            <xsl:with-param name="label" select="te:note-label(.)"/>
          </xsl:call-template>
        </xsl:for-each>
      </xsl:when>
      <xsl:when test="$kind = 'ref' and @te:note">
        <fo:inline baseline-shift="super" font-size="70%" role="te:noteref">
          <xsl:apply-templates/>
        </fo:inline>
      </xsl:when>
      <xsl:when test="$kind = 'ref'">
        <xsl:apply-templates/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="f:anchored">
          <xsl:with-param name="refs" select="distinct-values(tokenize(@ref)[exists(te:pointed(., $te:doc))] ! substring-after(., '#'))"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Each mention's number among the mentions of each entry its @ref names (keys: the
       entry's id, then the mention's generate-id), worked out once. -->
  <xsl:variable name="f:mention-positions" as="map(xs:string, map(xs:string, xs:integer))">
    <xsl:map>
      <xsl:for-each-group select="$te:doc//(tei:text | tei:sourceDoc)//*[@ref]"
          group-by="tokenize(@ref) ! substring-after(., '#')">
        <xsl:map-entry key="current-grouping-key()">
          <xsl:map>
            <xsl:for-each select="current-group()">
              <xsl:map-entry key="generate-id(.)" select="position()"/>
            </xsl:for-each>
          </xsl:map>
        </xsl:map-entry>
      </xsl:for-each-group>
    </xsl:map>
  </xsl:variable>

  <xsl:template name="f:anchored">
    <xsl:param name="refs" as="xs:string*"/>
    <xsl:choose>
      <xsl:when test="empty($refs)">
        <xsl:apply-templates/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="id" select="$refs[1]"/>
        <xsl:variable name="known" select="if (root(.) is $te:doc) then ($f:mention-positions($id), map{})[1](generate-id(.)) else ()"/>
        <fo:inline id="m-{$id}-{if (exists($known)) then $known else count(key('te:mentions', $id)[. &lt;&lt; current()]) + 1}">
          <xsl:call-template name="f:anchored">
            <xsl:with-param name="refs" select="tail($refs)"/>
          </xsl:call-template>
        </fo:inline>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ............................................................ interventions -->

  <!-- A word the normalized reading changes or leaves unmarked although the source marks
       it: a correction (choice of sic and corr), a sic the source leaves uncorrected, an
       unclear word the source queries (/?/). The normalized reading gives its source reading
       in a note. Only the outermost counts (an unclear in a sic is given with the sic). -->
  <xsl:function name="f:source-marked" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e/self::tei:choice[tei:sic and tei:corr]
        | $e/self::tei:sic[not(parent::tei:choice)] | $e/self::tei:unclear[te:doubtful(.)])
        and not($e/ancestor::*[self::tei:choice or self::tei:sic or self::tei:unclear])"/>
  </xsl:function>

  <!-- The note that gives a source-marked word's source reading: a translator's note or one
       of this edition's footnotes that follows the word (or the name wrapping nothing but
       it) with only white space between. -->
  <xsl:function name="f:carrier" as="element(tei:note)?">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="outer" select="te:same-words($e)
        [not(self::tei:p or self::tei:ab or self::tei:div or self::tei:body)][last()]"/>
    <xsl:sequence select="$outer/following-sibling::node()
        [not(self::text()[not(normalize-space())])][1]
        [self::tei:note][not(ancestor::tei:note)]
        [(te:note-kind(.) = 'translator' and @place = 'inline')
          or (te:note-kind(.) = 'editorial' and te:note-listed(.))]"/>
  </xsl:function>

  <!-- The source-marked word whose source reading a note gives (see f:carrier). -->
  <xsl:function name="f:carried" as="element()?">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:variable name="before" select="$note/preceding-sibling::node()
        [not(self::text()[not(normalize-space())])][1][self::*]"/>
    <xsl:sequence select="($before/descendant-or-self::*[f:source-marked(.)]
        [f:carrier(.) is $note])[1]"/>
  </xsl:function>

  <!-- Source-marked words that get a footnote of their own (normalized reading). -->
  <xsl:function name="f:own-footnote" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="$reading != 'diplomatic' and f:source-marked($e)
        and not($e/ancestor::tei:note) and empty(f:carrier($e))"/>
  </xsl:function>

  <!-- The source readings of source-marked words with a footnote of their own (normalized),
       numbered s1, s2 apart from this edition's notes (a, b, c, te:note-label), so that
       those carry the same letters as in the other formats. -->
  <xsl:function name="f:lettered" as="element()*">
    <xsl:param name="root" as="node()"/>
    <xsl:sequence select="root($root)//(tei:text | tei:sourceDoc)//(tei:choice | tei:sic | tei:unclear)[f:own-footnote(.)]"/>
  </xsl:function>

  <xsl:variable name="f:letter-positions" as="map(xs:string, xs:integer)">
    <xsl:map>
      <xsl:for-each select="$te:doc ! f:lettered(.)">
        <xsl:map-entry key="generate-id(.)" select="position()"/>
      </xsl:for-each>
    </xsl:map>
  </xsl:variable>

  <xsl:function name="f:letter" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="known" select="if (root($e) is $te:doc) then $f:letter-positions(generate-id($e)) else ()"/>
    <xsl:sequence select="te:source-mark(if (exists($known)) then $known
        else count(f:lettered($e)[. &lt;&lt; $e]) + 1)"/>
  </xsl:function>

  <xsl:template name="te:alternate">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="resp" as="xs:string"/>
    <xsl:param name="cert" as="xs:string"/>
    <xsl:param name="normalized" as="item()*"/>
    <xsl:param name="diplomatic" as="item()*"/>
    <xsl:param name="reading" as="xs:string"/>
    <xsl:choose>
      <xsl:when test="$reading = 'diplomatic'">
        <xsl:sequence select="$diplomatic"/>
      </xsl:when>
      <!-- the translator's words: in square brackets as in the source (black, so that the
           mark survives printing in black and white), the words grey -->
      <xsl:when test="$resp = 'translator' and ($kind = ('supplied', 'expansion')
          or ($kind = 'abbreviation' and not(tei:expan//tei:ex)))">
        <xsl:text>[</xsl:text>
        <fo:inline color="{$f:supplied-colour}">
          <xsl:sequence select="$normalized"/>
        </fo:inline>
        <xsl:if test="$cert = 'low'">?</xsl:if>
        <xsl:text>]</xsl:text>
      </xsl:when>
      <xsl:when test="f:own-footnote(.)">
        <xsl:sequence select="$normalized"/>
        <!-- the footnote's mark after the whole word (Luisenfelde, not Luisen|felde) -->
        <xsl:value-of select="te:word-rest(.)"/>
        <xsl:call-template name="f:footnote">
          <xsl:with-param name="label" select="f:letter(.)"/>
          <xsl:with-param name="by" select="'Ed.'"/>
          <xsl:with-param name="body">
            <xsl:call-template name="f:source-reading">
              <xsl:with-param name="kind" select="$kind"/>
              <xsl:with-param name="resp" select="$resp"/>
              <xsl:with-param name="cert" select="$cert"/>
              <xsl:with-param name="diplomatic" select="$diplomatic"/>
            </xsl:call-template>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:when>
      <!-- in a note (no footnote in a footnote): the source's marks as written; a correction
           with its source reading in brackets -->
      <xsl:when test="f:source-marked(.) and ancestor::tei:note and $kind = 'correction'">
        <xsl:sequence select="$normalized"/>
        <xsl:text> [source: </xsl:text>
        <xsl:sequence select="$diplomatic"/>
        <xsl:text>]</xsl:text>
      </xsl:when>
      <xsl:when test="f:source-marked(.) and ancestor::tei:note">
        <xsl:sequence select="$diplomatic"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="$normalized"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The body of a note giving a source-marked word's source reading. -->
  <xsl:template name="f:source-reading">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="resp" as="xs:string"/>
    <xsl:param name="cert" as="xs:string"/>
    <xsl:param name="diplomatic" as="item()*"/>
    <xsl:choose>
      <!-- this edition's own sic: the source has no mark to quote -->
      <xsl:when test="$kind = 'sic' and $resp = 'edition'">Thus in the source.</xsl:when>
      <xsl:otherwise>
        <fo:inline font-style="italic">Source: </fo:inline>
        <xsl:sequence select="$diplomatic"/>
        <xsl:if test="$kind = 'correction' and $cert = 'low'"> (correction doubtful)</xsl:if>
        <xsl:text>.</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="te:switch">
    <xsl:param name="normalized" as="item()*"/>
    <xsl:param name="diplomatic" as="item()*"/>
    <xsl:param name="reading" as="xs:string"/>
    <xsl:choose>
      <!-- this edition's notes are footnotes in the diplomatic reading too -->
      <xsl:when test="$reading = 'diplomatic' and self::tei:note[not(@place = 'inline')]
          [not(ancestor::tei:note)]">
        <xsl:call-template name="te:note-ref">
          <xsl:with-param name="kind" select="te:note-kind(.)"/>
          <xsl:with-param name="label" select="te:note-label(.)"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$reading = 'diplomatic'">
        <xsl:sequence select="$diplomatic"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="$normalized"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The rest of a word after a word with a footnote of its own: given before the
       footnote's mark (te:alternate), so not here. -->
  <xsl:template match="text()[matches(., '^[\p{L}\p{M}\p{N}]')]
      [preceding-sibling::node()[1][self::tei:choice or self::tei:sic or self::tei:unclear]
        [f:own-footnote(.)]]" priority="2">
    <xsl:variable name="rest" select="substring(., string-length(te:word-rest(preceding-sibling::node()[1])) + 1)"/>
    <xsl:variable name="note" select="following-sibling::node()[1][self::tei:note]"/>
    <xsl:value-of select="if ($note and te:note-listed($note) and not($note/ancestor::tei:note))
        then te:trim-end($rest) else $rest"/>
  </xsl:template>

  <!-- ..................................................................... notes -->

  <!-- A footnote marker follows its word without a space: white space before a note that
       is a footnote in this reading is dropped. -->
  <xsl:template match="text()[following-sibling::node()[1][self::tei:note]]">
    <xsl:param name="te:reading" tunnel="yes" as="xs:string" select="$te:initial"/>
    <xsl:variable name="note" select="following-sibling::node()[1]"/>
    <xsl:variable name="marker" select="not($note/ancestor::tei:note) and (
        if ($te:reading = 'diplomatic') then not($note/@place = 'inline')
        else te:note-listed($note))"/>
    <xsl:value-of select="if ($marker) then te:trim-end(.) else ."/>
  </xsl:template>

  <xsl:template name="te:note-inline">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="open" as="xs:string"/>
    <xsl:param name="close" as="xs:string"/>
    <xsl:value-of select="$open"/>
    <xsl:apply-templates/>
    <xsl:value-of select="$close"/>
  </xsl:template>

  <xsl:template name="te:note-ref">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="label" as="xs:string"/>
    <xsl:param name="te:reading" tunnel="yes" as="xs:string" select="$te:initial"/>
    <xsl:choose>
      <!-- no footnote inside a footnote: a note in a note reads in brackets -->
      <xsl:when test="ancestor::tei:note">
        <xsl:text> [</xsl:text>
        <xsl:apply-templates/>
        <xsl:text>]</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="carried" select="if ($te:reading != 'diplomatic'
            and $kind = ('translator', 'editorial')) then f:carried(.) else ()"/>
        <xsl:if test="te:marker-after-marker(.)">
          <fo:inline baseline-shift="super" font-size="70%">,</fo:inline>
        </xsl:if>
        <xsl:call-template name="f:footnote">
          <xsl:with-param name="label" select="$label"/>
          <xsl:with-param name="by" select="
              if ($kind = 'translator') then 'Trans.'
              else if ($kind = 'authorial') then 'Auth.' else 'Ed.'"/>
          <xsl:with-param name="body">
            <xsl:choose>
              <!-- the word's source reading with this edition's note: the source reading, then
                   the note -->
              <xsl:when test="$carried and $kind = 'editorial'">
                <xsl:call-template name="f:source-reading">
                  <xsl:with-param name="kind" select="
                      if ($carried/self::tei:choice) then 'correction' else local-name($carried)"/>
                  <xsl:with-param name="resp" select="te:resp-of($carried)"/>
                  <xsl:with-param name="cert" select="string(($carried/tei:corr/@cert, $carried/@cert)[1])"/>
                  <xsl:with-param name="diplomatic" as="item()*">
                    <xsl:apply-templates select="$carried">
                      <xsl:with-param name="te:reading" tunnel="yes" select="'diplomatic'"/>
                    </xsl:apply-templates>
                  </xsl:with-param>
                </xsl:call-template>
                <xsl:text> </xsl:text>
                <xsl:call-template name="f:note-words"/>
              </xsl:when>
              <!-- the word's source reading with the translator's note: as printed -->
              <xsl:when test="$carried">
                <xsl:apply-templates select="$carried">
                  <xsl:with-param name="te:reading" tunnel="yes" select="'diplomatic'"/>
                </xsl:apply-templates>
                <xsl:text> [</xsl:text>
                <xsl:apply-templates/>
                <xsl:text>].</xsl:text>
              </xsl:when>
              <xsl:otherwise>
                <xsl:call-template name="f:note-words"/>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A note's words, ending with a full stop. -->
  <xsl:template name="f:note-words">
    <xsl:variable name="words" as="item()*">
      <xsl:apply-templates/>
    </xsl:variable>
    <xsl:sequence select="$words"/>
    <xsl:if test="not(matches(normalize-space(string-join($words ! string(.))), '[.!?…][)\]”’&quot;'']*$'))">.</xsl:if>
  </xsl:template>

  <!-- A footnote: the label raised in the text, the note at the foot of the page. -->
  <xsl:template name="f:footnote">
    <xsl:param name="label" as="xs:string"/>
    <xsl:param name="by" as="xs:string"/>
    <xsl:param name="body" as="item()*"/>
    <fo:footnote>
      <fo:inline baseline-shift="super" font-size="7pt" font-style="normal"
          font-weight="normal" color="black">{$label}</fo:inline>
      <fo:footnote-body>
        <!-- a footnote is read whole, at the foot of its page: kept together where it fits
             (otherwise the page's text would come between its halves) -->
        <fo:list-block keep-together.within-page="always" provisional-distance-between-starts="4.5mm"
            provisional-label-separation="1mm" font-size="8.5pt" line-height="10.5pt"
            space-before="2pt" text-align="justify" text-indent="0pt" start-indent="0pt"
            font-style="normal" font-weight="normal" color="black">
          <fo:list-item>
            <fo:list-item-label end-indent="label-end()">
              <fo:block text-align="end">{$label}</fo:block>
            </fo:list-item-label>
            <fo:list-item-body start-indent="body-start()">
              <fo:block>
                <xsl:sequence select="$body"/>
                <xsl:text>&#8201;</xsl:text>
                <fo:inline font-style="italic" color="{$f:grey}"
                    keep-together.within-line="always">—{$by}</fo:inline>
              </fo:block>
            </fo:list-item-body>
          </fo:list-item>
        </fo:list-block>
      </fo:footnote-body>
    </fo:footnote>
  </xsl:template>

  <!-- ................................................................... breaks -->

  <xsl:template name="te:break">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="n" as="xs:string"/>
    <xsl:param name="rend" as="xs:string"/>
    <xsl:param name="reading" as="xs:string"/>
    <xsl:if test="$kind = 'page' and $page-images">
      <xsl:call-template name="f:page-image"/>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="$kind = 'section'">
        <fo:block text-align="center" space-before="8pt" space-after="8pt"
            keep-with-next.within-page="always" text-indent="0pt">
          <xsl:value-of select="if ($reading = 'diplomatic' and $rend) then $rend else '*   *   *'"/>
        </fo:block>
      </xsl:when>
      <!-- a page break inside a word: its mark follows the whole word (see below) -->
      <xsl:when test="$kind = 'page' and @break = ('no', 'false')"/>
      <xsl:when test="$kind = 'page' and $page-breaks">
        <xsl:variable name="before" select="string(preceding-sibling::node()[1] ! te:last-text(.))"/>
        <xsl:variable name="after" select="string(following-sibling::node()[1] ! te:first-text(.))"/>
        <xsl:if test="$before and not(te:ends-in-space($before))">
          <xsl:text> </xsl:text>
        </xsl:if>
        <fo:inline color="{$f:grey}" font-size="9pt">|<xsl:if test="$n"><fo:inline
            baseline-shift="super" font-size="6pt">{$n}</fo:inline></xsl:if></fo:inline>
        <xsl:if test="not(te:starts-with-space($after))">
          <xsl:text> </xsl:text>
        </xsl:if>
      </xsl:when>
      <xsl:when test="$kind = 'line' and @break = ('no', 'false')"/>
      <xsl:when test="$kind = 'line'">
        <fo:block/>
      </xsl:when>
      <xsl:when test="$kind = ('page', 'column', 'space')">
        <xsl:if test="te:separates(.)">
          <xsl:text> </xsl:text>
        </xsl:if>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- The rest of a word broken by a page break: the letters, then the page's mark. -->
  <xsl:template match="text()[preceding-sibling::node()[1][self::tei:pb[@break = ('no', 'false')]]]" priority="3">
    <xsl:variable name="pb" select="preceding-sibling::node()[1]"/>
    <xsl:variable name="rest" select="te:leading-letters(.)"/>
    <xsl:value-of select="$rest"/>
    <xsl:if test="$page-breaks">
      <xsl:text> </xsl:text>
      <fo:inline color="{$f:grey}" font-size="9pt">|<xsl:if test="$pb/@n"><fo:inline
          baseline-shift="super" font-size="6pt">{$pb/@n}</fo:inline></xsl:if></fo:inline>
    </xsl:if>
    <xsl:value-of select="substring(., string-length($rest) + 1)"/>
  </xsl:template>

  <xsl:template name="te:gap">
    <xsl:param name="reason" as="xs:string"/>
    <xsl:param name="resp" as="xs:string"/>
    <xsl:param name="reading" as="xs:string"/>
    <xsl:if test="te:gap-shown(., $reading)">
      <xsl:if test="te:needs-space(.)">
        <xsl:text> </xsl:text>
      </xsl:if>
      <fo:inline color="{$f:grey}">[…]</fo:inline>
    </xsl:if>
  </xsl:template>

  <!-- A page break's image (page-images), scaled down to the text's width. -->
  <xsl:template name="f:page-image">
    <xsl:variable name="token" select="tokenize(@facs)[1]"/>
    <xsl:variable name="uri" select="(for $line in tokenize($page-images, '\n')
        return substring-after($line, '&#9;')[substring-before($line, '&#9;') = $token])[1]"/>
    <xsl:if test="starts-with($uri, 'data:image/jpeg;base64,')">
      <fo:block text-align="center" space-before="6pt" space-after="6pt" keep-together.within-page="always">
        <fo:external-graphic src="url('{$uri}')" width="100%" height="15cm"
            content-width="scale-down-to-fit" content-height="scale-down-to-fit" scaling="uniform"/>
      </fo:block>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
