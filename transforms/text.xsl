<?xml version="1.0" encoding="UTF-8"?>
<!--
  text.xsl: the edition as plain UTF-8 text.

  A title block (title, author, translator, source, reading), a rule of hyphens, the
  text (paragraphs separated by blank lines, wrapped at $width), and a second rule followed
  by the notes as numbered endnotes, by kind. In the normalized reading the
  source's words the normalized text replaces are given (common.xsl, "source readings"):
  a translator's note quotes the words it is about ('[3] Xinxibo [sic, should be Xibaipo]');
  other corrections, a [sic] and a doubtful reading get a source note of their own
  ('[s2] Source: Kong Kong.'), numbered s1, s2 apart from this edition's notes a, b, c,
  which carry the same letters as in the other formats.
  In the diplomatic reading the text between the two rules gives exactly the source's
  words, without note markers (as the diplomatic HTML), the inline notes in brackets; the
  endnotes are the other notes the HTML lists, with its labels (no source notes s1, s2:
  the text itself gives the source's words).

  Runs stand-alone in any XSLT 3.0 processor, e.g.
    java -jar saxon.jar -s:edition.xml -xsl:text.xsl reading=diplomatic width=0

  Parameters (besides those of common.xsl: reading):
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:te="https://tei-edition.org/ns"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:import href="common.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <!-- Wrap lines at this many characters; 0 for no wrapping (one line per paragraph). -->
  <xsl:param name="width" as="xs:integer" select="72"/>

  <xsl:variable name="te:rule-length" as="xs:integer"
      select="if ($width gt 0) then $width else 72"/>
  <xsl:variable name="te:rule" as="xs:string"
      select="string-join((1 to $te:rule-length) ! '-')"/>

  <!-- ============================================================ the document -->

  <xsl:template match="/">
    <xsl:apply-templates select="/" mode="te:check"/>
    <xsl:if test="$width lt 0">
      <xsl:message terminate="yes" error-code="te:width">parameter width must be 0 or more, not {$width}</xsl:message>
    </xsl:if>
    <xsl:variable name="blocks" as="node()*">
      <xsl:call-template name="te:title-block"/>
      <te:b kind="rule">{$te:rule}</te:b>
      <xsl:apply-templates select="te:texts(/)"/>
      <xsl:call-template name="te:apparatus-section"/>
      <xsl:call-template name="te:endnotes"/>
    </xsl:variable>
    <xsl:value-of select="string-join(te:text-flatten($blocks) ! te:text-render(.), '&#10;&#10;') || '&#10;'"/>
  </xsl:template>

  <xsl:template name="te:title-block" as="element()*">
    <xsl:variable name="title" select="te:title(.)"/>
    <te:b kind="title">{$title}</te:b>
    <xsl:variable name="sub" select="te:subtitle(.)"/>
    <te:b kind="field">
      <xsl:if test="$sub">
        <te:line>{$sub}</te:line>
      </xsl:if>
      <xsl:for-each select="te:authors(.)">
        <te:line label="Author:">{.}</te:line>
      </xsl:for-each>
      <xsl:for-each select="te:translators(.)">
        <te:line label="Translator:">{.}</te:line>
      </xsl:for-each>
      <xsl:for-each select="te:series(.)">
        <te:line label="Series:">{.}</te:line>
      </xsl:for-each>
      <xsl:if test="not(te:translators(.))">
        <xsl:for-each select="te:credits(.)">
          <te:line label="Edited:">{.}</te:line>
        </xsl:for-each>
      </xsl:if>
      <xsl:variable name="citation" select="te:source-citation(.)"/>
      <xsl:if test="$citation">
        <xsl:variable name="url" select="te:source-url(.)"/>
        <te:line label="Source:">{$citation}{
          if ($url and not(contains($citation, $url))) then ' &lt;' || $url || '&gt;' else ''}</te:line>
      </xsl:if>
      <te:line label="Reading:">{
        if (empty(te:interventions(.))) then 'the text as encoded (it marks no intervention with a second reading)'
        else if ($reading = 'diplomatic')
        then 'diplomatic: the text as the source gives it, with its square brackets, [sic] and /?/'
        else 'normalized: corrections, expansions and supplied words read as text; notes, with the source readings, at the end'}</te:line>
    </te:b>
  </xsl:template>

  <!-- The apparatus: its numbered entries after the text, in both readings. -->
  <xsl:template name="te:apparatus-section" as="element()*">
    <xsl:variable name="apps" select="te:app-entries(/)"/>
    <xsl:if test="exists($apps)">
      <te:b kind="rule">{$te:rule}</te:b>
      <te:b kind="heading" level="1">{te:msg('reading.apparatus')}</te:b>
      <xsl:for-each select="$apps">
        <te:b kind="note" label="[{te:app-label(te:app-number(.))}] ">
          <xsl:call-template name="te:app-entry"/>
        </te:b>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <xsl:template name="te:endnotes" as="element()*">
    <xsl:variable name="root" select="/"/>
    <xsl:variable name="groups" as="element()*">
      <xsl:for-each select="('translator', 'editorial', 'authorial')">
        <xsl:variable name="kind" select="."/>
        <!-- the normalized reading: the notes its markers point to; the diplomatic one:
             every note the HTML lists, but those its running text already gives in brackets
             (inline notes), with the HTML's labels -->
        <xsl:variable name="notes" select="if ($reading = 'normalized') then te:notes($root, $kind, true())
            else te:notes($root, $kind, false())[not(@place = 'inline') or not(te:note-in-text(.))]"/>
        <xsl:if test="$notes">
          <te:b kind="heading" level="2">{te:notes-heading($kind, te:notes($root, $kind, false()))}</te:b>
          <xsl:for-each select="$notes">
            <te:b kind="note" label="[{te:note-label(.)}] ">
              <xsl:call-template name="te:endnote"/>
            </te:b>
          </xsl:for-each>
        </xsl:if>
      </xsl:for-each>
      <xsl:if test="$reading = 'normalized' and te:source-series($root)">
        <te:b kind="heading" level="2">Source readings</te:b>
        <xsl:for-each select="te:source-series($root)">
          <te:b kind="note" label="[{te:source-label(.)}] ">
            <xsl:call-template name="te:endnote"/>
          </te:b>
        </xsl:for-each>
      </xsl:if>
    </xsl:variable>
    <xsl:if test="$groups">
      <te:b kind="rule">{$te:rule}</te:b>
      <te:b kind="heading" level="1">Notes</te:b>
      <xsl:sequence select="$groups"/>
    </xsl:if>
  </xsl:template>

  <!-- One endnote's words (context: a listed note, or an intervention with a source note of
       its own). The source reading a note carries comes first, as the source prints it:
       the translator's note after the words it is about, in square brackets
       ('Xinxibo [sic, should be Xibaipo]'); this edition's note after 'Source: …'. -->
  <xsl:template name="te:endnote">
    <xsl:choose>
      <xsl:when test="self::tei:note">
        <xsl:variable name="lemma" select="te:lemma(.)"/>
        <!-- the note's words in the reading given, as the text's -->
        <xsl:variable name="words" as="item()*">
          <xsl:apply-templates/>
        </xsl:variable>
        <xsl:choose>
          <xsl:when test="exists($lemma) and te:note-kind(.) = 'translator'">
            <xsl:call-template name="te:source-words">
              <xsl:with-param name="nodes" select="$lemma"/>
            </xsl:call-template>
            <xsl:text> [</xsl:text>
            <xsl:sequence select="$words"/>
            <xsl:text>]</xsl:text>
          </xsl:when>
          <xsl:when test="exists($lemma)">
            <xsl:text>Source: </xsl:text>
            <xsl:call-template name="te:source-words">
              <xsl:with-param name="nodes" select="$lemma"/>
            </xsl:call-template>
            <xsl:text>. </xsl:text>
            <xsl:sequence select="$words"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:sequence select="$words"/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text>Source: </xsl:text>
        <xsl:call-template name="te:source-words">
          <xsl:with-param name="nodes" select="."/>
        </xsl:call-template>
        <xsl:if test="(tei:corr/@cert, @cert) = 'low' and self::tei:choice"> (correction doubtful)</xsl:if>
        <xsl:text>.</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Nodes in the diplomatic reading, as one run of words. -->
  <xsl:template name="te:source-words">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:variable name="words" as="item()*">
      <xsl:apply-templates select="$nodes">
        <xsl:with-param name="te:reading" tunnel="yes" select="'diplomatic'"/>
      </xsl:apply-templates>
    </xsl:variable>
    <xsl:value-of select="normalize-space(string-join($words ! string(.)))"/>
  </xsl:template>

  <!-- ============================================================ behaviours -->

  <!-- The normalized reading marks an intervention whose source reading no following note
       gives with the letter of its source note. -->
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
      <xsl:otherwise>
        <xsl:sequence select="$normalized"/>
        <xsl:if test="te:source-noted(.)">{te:word-rest(.)}[{te:source-label(.)}]</xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The rest of a word after an intervention with a marker: the marker comes after the
       whole word, so these letters were given with it (the normalized reading's note
       marker; the diplomatic reading's '/?/' after a doubtful unclear, te:doubt-rest). -->
  <xsl:template match="text()[matches(., '^[\p{L}\p{M}\p{N}]')]
      [preceding-sibling::node()[1][self::tei:choice or self::tei:sic or self::tei:unclear]]" priority="2">
    <xsl:param name="te:reading" tunnel="yes" as="xs:string" select="$te:initial"/>
    <xsl:variable name="e" select="preceding-sibling::node()[1]"/>
    <xsl:variable name="given" select="
        if ($te:reading = 'normalized' and te:source-noted($e)) then te:word-rest($e)
        else if ($te:reading = 'diplomatic') then te:doubt-rest($e) else ''"/>
    <xsl:variable name="text" select="substring(., string-length($given) + 1)"/>
    <xsl:variable name="note" select="following-sibling::node()[1][self::tei:note]"/>
    <xsl:value-of select="if ($note and $te:reading = 'normalized' and te:note-listed($note)
        and not($note/ancestor::tei:note)) then te:trim-end($text) else $text"/>
  </xsl:template>

  <!-- A note's marker follows its word without a space: white space before a note that is
       a marker in this reading is dropped. -->
  <xsl:template match="text()[following-sibling::node()[1][self::tei:note]]">
    <xsl:param name="te:reading" tunnel="yes" as="xs:string" select="$te:initial"/>
    <xsl:variable name="note" select="following-sibling::node()[1]"/>
    <xsl:value-of select="if ($te:reading = 'normalized' and te:note-listed($note)
        and not($note/ancestor::tei:note)) then te:trim-end(.) else ."/>
  </xsl:template>

  <!-- Deleted words in the diplomatic reading: '[-lost-]' (struck through elsewhere). -->
  <xsl:template name="te:inline">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:if test="$kind = 'del'">[-</xsl:if>
    <xsl:apply-templates/>
    <xsl:if test="$kind = 'del'">-]</xsl:if>
  </xsl:template>

  <xsl:template name="te:note-ref">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="label" as="xs:string"/>
    <xsl:text>[{$label}]</xsl:text>
  </xsl:template>

  <!-- A ptr to a note reads as the note's marker. -->
  <xsl:template name="te:link">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="target" as="element()?"/>
    <xsl:if test="@te:note">[</xsl:if>
    <xsl:apply-templates/>
    <xsl:if test="@te:note">]</xsl:if>
  </xsl:template>

  <xsl:template name="te:block">
    <xsl:param name="kind" as="xs:string"/>
    <!-- a figure: '[Figure: caption]', then what else it holds -->
    <xsl:if test="$kind = 'figure'">
      <xsl:variable name="caption" select="te:figure-caption(.)"/>
      <te:b kind="p">[{te:msg('reading.figure')}{if ($caption) then ': ' || $caption else ''}]</te:b>
    </xsl:if>
    <te:b kind="{$kind}">
      <xsl:if test="$kind = 'item' and parent::tei:list[@type = ('ordered', 'numbered')]">
        <xsl:attribute name="label" select="count(preceding-sibling::tei:item) + 1 || '. '"/>
      </xsl:if>
      <xsl:if test="$kind = 'castItem' or ($kind = 'item' and not(parent::tei:list[@type = ('ordered', 'numbered')]))">
        <xsl:attribute name="label" select="'- '"/>
      </xsl:if>
      <xsl:apply-templates select="if ($kind = 'figure') then node() except (tei:head, tei:figDesc) else node()"/>
    </te:b>
  </xsl:template>

  <xsl:template name="te:heading">
    <xsl:param name="level" as="xs:integer"/>
    <te:b kind="heading" level="{$level + 1}">
      <xsl:apply-templates/>
    </te:b>
  </xsl:template>

  <xsl:template name="te:break">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="n" as="xs:string"/>
    <xsl:param name="rend" as="xs:string"/>
    <xsl:param name="reading" as="xs:string"/>
    <xsl:variable name="mark" select="if ($reading = 'diplomatic') then $rend else '*   *   *'"/>
    <xsl:choose>
      <xsl:when test="$kind = 'line' and @break = ('no', 'false')"/>
      <xsl:when test="$kind = 'line'">
        <te:br/>
      </xsl:when>
      <xsl:when test="$kind = ('page', 'column', 'space')">
        <xsl:if test="te:separates(.)">
          <xsl:text> </xsl:text>
        </xsl:if>
      </xsl:when>
      <xsl:when test="$kind = 'section' and $mark and (parent::tei:p or parent::tei:ab or parent::tei:l)">
        <xsl:text> {$mark} </xsl:text>
      </xsl:when>
      <xsl:when test="$kind = 'section' and $mark">
        <te:b kind="center">{$mark}</te:b>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- ===================================================== blocks to lines -->

  <!-- Flatten nested blocks: a block's inline runs become blocks of its kind, its
       block children follow in order. -->
  <xsl:function name="te:text-flatten" as="element()*">
    <xsl:param name="blocks" as="node()*"/>
    <xsl:for-each-group select="$blocks" group-adjacent="exists(self::te:b)">
      <xsl:choose>
        <xsl:when test="current-grouping-key()">
          <xsl:sequence select="te:text-flatten-blocks(current-group())"/>
        </xsl:when>
        <!-- words outside any block (text directly in a division) make a paragraph -->
        <xsl:when test="normalize-space(string-join(current-group()))">
          <te:b kind="p">
            <xsl:sequence select="current-group()"/>
          </te:b>
        </xsl:when>
      </xsl:choose>
    </xsl:for-each-group>
  </xsl:function>

  <xsl:function name="te:text-flatten-blocks" as="element()*">
    <xsl:param name="blocks" as="element()*"/>
    <xsl:for-each select="$blocks">
      <xsl:choose>
        <xsl:when test="self::te:b[te:b]">
          <xsl:variable name="outer" select="."/>
          <xsl:variable name="parts" as="element()*">
            <xsl:for-each-group select="node()" group-adjacent="exists(self::te:b)">
              <xsl:choose>
                <xsl:when test="current-grouping-key()">
                  <xsl:sequence select="te:text-flatten(current-group())"/>
                </xsl:when>
                <xsl:when test="normalize-space(string-join(current-group()))">
                  <te:b>
                    <xsl:sequence select="$outer/@*"/>
                    <xsl:sequence select="current-group()"/>
                  </te:b>
                </xsl:when>
              </xsl:choose>
            </xsl:for-each-group>
          </xsl:variable>
          <!-- the outer block's label (a note's [a]) once, before its first part; the
               parts after it indented under its words -->
          <xsl:variable name="label" select="string($outer/@label)"/>
          <xsl:for-each select="$parts">
            <xsl:choose>
              <xsl:when test="not($label)">
                <xsl:sequence select="."/>
              </xsl:when>
              <xsl:when test="position() = 1">
                <te:b>
                  <xsl:sequence select="@* except @label"/>
                  <xsl:attribute name="label" select="$label || (if (@label = $label) then '' else @label)"/>
                  <xsl:sequence select="node()"/>
                </te:b>
              </xsl:when>
              <xsl:otherwise>
                <te:b>
                  <xsl:sequence select="@* except (@label, @pad)"/>
                  <xsl:if test="@label != $label">
                    <xsl:attribute name="label" select="@label"/>
                  </xsl:if>
                  <xsl:attribute name="pad" select="string-join((1 to string-length($label)) ! ' ') || @pad"/>
                  <xsl:sequence select="node()"/>
                </te:b>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:for-each>
        </xsl:when>
        <xsl:when test="self::te:b[not(normalize-space()) and not(@kind = ('rule', 'field'))]"/>
        <xsl:otherwise>
          <xsl:sequence select="."/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:function>

  <!-- One block as text lines (without a trailing newline). -->
  <xsl:function name="te:text-render" as="xs:string">
    <xsl:param name="b" as="element()"/>
    <xsl:variable name="kind" select="string($b/@kind)"/>
    <xsl:choose>
      <xsl:when test="$kind = 'rule'">
        <xsl:sequence select="string($b)"/>
      </xsl:when>
      <xsl:when test="$kind = 'title'">
        <xsl:variable name="t" select="te:text-wrap(te:text-words($b), '', '')"/>
        <xsl:sequence select="$t || '&#10;' || te:text-underline($t, '=')"/>
      </xsl:when>
      <xsl:when test="$kind = 'heading'">
        <xsl:variable name="t" select="te:text-wrap(te:text-words($b), '', '')"/>
        <xsl:sequence select="$t || '&#10;' || te:text-underline($t, if ($b/@level = '1') then '=' else '-')"/>
      </xsl:when>
      <xsl:when test="$kind = 'field'">
        <xsl:sequence select="string-join($b/te:line ! te:text-wrap(
            normalize-space(string-join((@label, string(.)), ' ')), '', '    '), '&#10;')"/>
      </xsl:when>
      <!-- an example of markup: its lines as given, indented, never wrapped -->
      <xsl:when test="$kind = 'eg'">
        <xsl:sequence select="string-join(tokenize(string($b), '&#10;') ! ('    ' || .), '&#10;')"/>
      </xsl:when>
      <xsl:when test="$kind = 'center'">
        <xsl:variable name="t" select="te:text-words($b)"/>
        <xsl:variable name="pad" select="max((0, ($te:rule-length - string-length($t)) idiv 2))"/>
        <xsl:sequence select="string-join((1 to $pad) ! ' ') || $t"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="label" select="string($b/@label)"/>
        <xsl:variable name="indent" select="
            (if ($kind = ('quote', 'l', 'signed', 'closer', 'salute')) then '    '
            else '') || string($b/@pad)"/>
        <xsl:variable name="hang" select="string-join((1 to string-length($label)) ! ' ')"/>
        <!-- forced line breaks (lb) split the block into lines wrapped one by one -->
        <xsl:variable name="lines" as="xs:string*">
          <xsl:for-each-group select="$b/node()" group-starting-with="te:br">
            <xsl:sequence select="normalize-space(string-join(current-group()[not(self::te:br)] ! string(.)))"/>
          </xsl:for-each-group>
        </xsl:variable>
        <xsl:sequence select="string-join(
            for $i in 1 to count($lines)
            return te:text-wrap($lines[$i],
                $indent || (if ($i = 1) then $label else $hang), $indent || $hang),
            '&#10;')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- A block's words on one line: its line breaks become spaces. -->
  <xsl:function name="te:text-words" as="xs:string">
    <xsl:param name="b" as="element()"/>
    <xsl:sequence select="normalize-space(string-join($b/node() ! (if (self::te:br) then ' ' else string(.))))"/>
  </xsl:function>

  <xsl:function name="te:text-underline" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="char" as="xs:string"/>
    <xsl:variable name="longest" select="max((1, tokenize($text, '&#10;') ! string-length(.)))"/>
    <xsl:sequence select="string-join((1 to $longest) ! $char)"/>
  </xsl:function>

  <!-- Greedy line filling: words never split; a word longer than the width stands alone.
       first: prefix of the first line; rest: prefix of the following lines. The text has
       single spaces (normalize-space). Each line is one regex match, the longest run of
       words that fits, so the work is linear in the text. -->
  <xsl:function name="te:text-wrap" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="first" as="xs:string"/>
    <xsl:param name="rest" as="xs:string"/>
    <xsl:choose>
      <xsl:when test="$width = 0 or string-length($first || $text) le $width">
        <xsl:sequence select="$first || $text"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="room-first" select="max((1, $width - string-length($first)))"/>
        <xsl:variable name="room" select="max((1, $width - string-length($rest)))"/>
        <!-- the first line (its own room), then the others -->
        <xsl:variable name="head" select="
            if (string-length($first) = string-length($rest)) then ''
            else replace($text, '^(.{1,' || $room-first || '})( .*|$)|^([^ ]+)( .*|$)', '$1$3')"/>
        <xsl:variable name="tail" select="
            if ($head) then substring($text, string-length($head) + 2) else $text"/>
        <xsl:variable name="lines" select="
            if ($tail) then tokenize(replace($tail,
                '(.{1,' || $room || '})( |$)|([^ ]+)( |$)', '$1$3&#10;'), '&#10;')[.]
            else ()"/>
        <xsl:sequence select="string-join((
            ($first || $head)[$head],
            if ($head) then $lines ! ($rest || .)
            else ($first || $lines[1], tail($lines) ! ($rest || .))), '&#10;')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

</xsl:stylesheet>
